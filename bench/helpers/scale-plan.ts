/**
 * Who sits where in the scale check: rooms of a fixed size, each member on
 * an instance, handed out in turn so every room has members on every
 * instance (a line said anywhere must cross Redis to most of its readers).
 */
export interface PlannedMember {
  /** `m<index in its room>`: the number the checks read back from a line's `from`. */
  readonly name: string;
  /** The instance (index) it connects to. */
  readonly instance: number;
}

export interface PlannedRoom {
  readonly name: string;
  readonly members: readonly PlannedMember[];
}

export interface PlanOptions {
  /** Starts every room's name: the bench runs several populations side by side. */
  readonly prefix: string;
  readonly members: number;
  readonly roomSize: number;
  readonly instances: number;
}

/** `members` in rooms of `roomSize` (the last room takes the rest); the g-th member overall on instance g mod `instances`. */
export function planRooms(options: PlanOptions): PlannedRoom[] {
  const rooms: PlannedRoom[] = [];
  for (let first = 0; first < options.members; first += options.roomSize) {
    const size = Math.min(options.roomSize, options.members - first);
    const members = Array.from({ length: size }, (_, index) => ({
      name: `m${index}`,
      instance: (first + index) % options.instances,
    }));
    rooms.push({ name: `${options.prefix}-${rooms.length}`, members });
  }
  return rooms;
}

/** Members per instance. */
export function membersPerInstance(rooms: readonly PlannedRoom[], instances: number): number[] {
  const counts = new Array<number>(instances).fill(0);
  for (const room of rooms) for (const member of room.members) counts[member.instance]!++;
  return counts;
}

/**
 * What each instance delivers per line said in `rooms`, summed: a line goes to every member of its room,
 * its sender included, each from the instance that member is on.
 */
export function deliveriesPerLine(rooms: readonly PlannedRoom[], instances: number): number[] {
  const perLine = new Array<number>(instances).fill(0);
  for (const room of rooms) {
    const local = localCounts(room, instances);
    // Every member of the room says lines: each of them reaches `local[i]` members on instance i.
    for (let i = 0; i < instances; i++) perLine[i]! += room.members.length * local[i]!;
  }
  return perLine;
}

/** Per instance: how many of each room's members are on it. */
function localCounts(room: PlannedRoom, instances: number): number[] {
  const local = new Array<number>(instances).fill(0);
  for (const member of room.members) local[member.instance]!++;
  return local;
}

/**
 * What each instance hears through Redis from the others per line said in `rooms`, summed: every line of a
 * room it follows (has a member in) said by a member on another instance.
 */
export function heardFromOthersPerLine(rooms: readonly PlannedRoom[], instances: number): number[] {
  const heard = new Array<number>(instances).fill(0);
  for (const room of rooms) {
    const local = localCounts(room, instances);
    for (let i = 0; i < instances; i++) if (local[i]! > 0) heard[i]! += room.members.length - local[i]!;
  }
  return heard;
}

/**
 * The commands each instance's heartbeat sends every beat to reap the members of dead instances
 * (server/redis-heartbeat.ts): for every room it follows, one HGETALL of the room's holders and one EXISTS
 * per other instance holding a member there.
 */
export function reapCommandsPerBeat(rooms: readonly PlannedRoom[], instances: number): number[] {
  const commands = new Array<number>(instances).fill(0);
  for (const room of rooms) {
    const local = localCounts(room, instances);
    const holders = local.filter((held) => held > 0).length;
    for (let i = 0; i < instances; i++) if (local[i]! > 0) commands[i]! += holders;
  }
  return commands;
}
