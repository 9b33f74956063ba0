/**
 * The seam between one instance's rooms and the other instances': what a hub
 * tells the rest of a deployment and hears from it. The service defines it
 * and never implements it: without a bus (in the page, and on a server
 * without `REDIS_URL`) a hub keeps everything in memory. server/redis-bus.ts
 * implements it over Redis. Every message crosses as JSON, so a room's
 * messages and shared state must be plain JSON values.
 */

/** What one instance publishes to a room, and every other instance following it receives. */
export type RoomEvent<M> =
  /** A member arrived (`joined`) or went (`left`); `message` is the presence message its room-mates get. */
  | { readonly kind: 'joined' | 'left'; readonly name: string; readonly message?: M }
  /** A message for the room: to everyone, to everyone but `except`, or only to the member called `to`. */
  | { readonly kind: 'message'; readonly message: M; readonly to?: string; readonly except?: string }
  /** A message kept in the room's history for newcomers (the bus also keeps the shared copy). */
  | { readonly kind: 'record'; readonly message: M }
  /**
   * The room's shared state after one more change: `version` counts the
   * changes, one more each time, in the same order on every instance.
   * `message` is what the change tells the room (to everyone, or only `to`);
   * `ticket` lets the instance that made the change recognise it.
   */
  | {
      readonly kind: 'state';
      readonly version: number;
      readonly state: unknown;
      readonly message: M;
      readonly to?: string;
      readonly ticket: string;
    };

/** What a newcomer needs of a room, read in one step with its place in it. */
export interface RoomSnapshot<M> {
  /** Every member in the deployment, in order of arrival. */
  readonly members: readonly string[];
  /** The last recorded messages, oldest first. */
  readonly history: readonly M[];
  /** The shared state and how many changes made it; version 0 and no state before the first change. */
  readonly version: number;
  readonly state: unknown;
}

/** The result of `RoomBus.claim`: the newcomer's name, unique in the deployment, and the room as it is. */
export type Claim<M> =
  ({ readonly ok: true; readonly name: string } & RoomSnapshot<M>) | { readonly ok: false; readonly reason: string };

/** The result of `RoomBus.commit`: stored, or someone else's change came first (here is the newer state). */
export type Commit = { readonly ok: true } | { readonly ok: false; readonly version: number; readonly state: unknown };

/** What a hub hands the bus for each room it follows, so the bus can rejoin after an outage. */
export interface FollowedRoom<M> {
  /** An event another instance published to the room (or one the bus made up, such as a vanished instance's `left`). */
  receive(event: RoomEvent<M>): void;
  /** The link is back after an outage: publish again what the others must know (members, history, state). */
  rejoin(): void;
  /** A moment after `rejoin`, once the others have rejoined too: catch up with who is here and the state. */
  reconcile(): void;
}

/** One endpoint's rooms across the deployment. Every method is safe to call while the link is down. */
export interface RoomBus<M> {
  /** Whether the link to the other instances is up now. */
  readonly connected: boolean;
  /** The presence message for a member learned of without one (found in the store, or gone with its instance). */
  presence(kind: 'joined' | 'left', name: string): M;
  /** Starts following a room; resolves once its events are flowing (or at once when the link is down). */
  follow(room: string, followed: FollowedRoom<M>): Promise<void>;
  /** Stops following: no member of the room is left on this instance. */
  unfollow(room: string): void;
  /** Takes a name unique in the deployment (`ann (2)` when `ann` is taken), if the room has room. Rejects when the link is down. */
  claim(
    room: string,
    wanted: string,
    limits: { readonly members: number; readonly history: number },
  ): Promise<Claim<M>>;
  /** Puts back members this instance kept while the link was down; answers which of them were new to the deployment. */
  restore(room: string, names: readonly string[]): Promise<readonly string[]>;
  /**
   * Gives the name up and publishes `farewell`; the last member's leaving
   * forgets the room's shared history and state. While the link is down the
   * bus keeps both and carries them out when it is back.
   */
  release(room: string, name: string, farewell: RoomEvent<M>): void;
  /** Publishes an event to the instances following the room (dropped while the link is down); `record` also joins the shared history. */
  publish(room: string, event: RoomEvent<M>, historyLimit?: number): void;
  /** Stores `state` as version `version` + 1 if the stored version is still `version`, and publishes it. */
  commit(room: string, version: number, event: Extract<RoomEvent<M>, { kind: 'state' }>): Promise<Commit>;
  /** The room's members, history and state as stored now. */
  snapshot(room: string, historyLimit: number): Promise<RoomSnapshot<M>>;
  /** Stores history and state kept through an outage, where the store has none or an older version. */
  seed(room: string, history: readonly M[], version: number, state: unknown): Promise<void>;
}
