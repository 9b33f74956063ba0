/**
 * What one pane of a room use case (`/chat`, `/notify`) knows, built only
 * from what the server sent: the welcome's room and name, who is here, and
 * the lines the pane shows, each with an id unique within the pane.
 */
export interface RoomPane<Line extends { readonly id: number }> {
  /** The room and the name the server gave this client, once welcomed. */
  readonly room: string | undefined;
  readonly you: string | undefined;
  /** Who is here, in order of arrival. */
  readonly members: readonly string[];
  readonly lines: readonly Line[];
  readonly nextId: number;
}

/** A line before the pane numbers it; distributes over a union of line kinds. */
export type NewLine<Line> = Line extends unknown ? Omit<Line, 'id'> : never;

/** A pane keeps this many lines; older ones scroll away (the server keeps its own history). */
const LINE_LIMIT = 100;

/** A pane before any connection: no room, nobody, no lines. */
export function emptyPane<Line extends { readonly id: number }>(): RoomPane<Line> {
  return { room: undefined, you: undefined, members: [], lines: [], nextId: 0 };
}

/** A fresh pane after a welcome; ids go on from the old pane's so Lit's `repeat` never reuses one. */
export function welcomedPane<Line extends { readonly id: number }>(
  pane: RoomPane<Line>,
  welcome: { readonly room: string; readonly you: string; readonly members: readonly string[] },
): RoomPane<Line> {
  return { ...emptyPane<Line>(), nextId: pane.nextId, room: welcome.room, you: welcome.you, members: welcome.members };
}

/** `name` joined: listed last, once. */
export function withMember<Pane extends RoomPane<{ readonly id: number }>>(pane: Pane, name: string): Pane {
  return { ...pane, members: [...pane.members.filter((member) => member !== name), name] };
}

/** `name` left. */
export function withoutMember<Pane extends RoomPane<{ readonly id: number }>>(pane: Pane, name: string): Pane {
  return { ...pane, members: pane.members.filter((member) => member !== name) };
}

/** The pane with `added` numbered and appended, the oldest dropped past the limit. */
export function withLines<Line extends { readonly id: number }>(
  pane: RoomPane<Line>,
  added: readonly NewLine<Line>[],
): RoomPane<Line> {
  // Each added line is a Line without its id; giving it one makes it a Line again.
  const lines = added.map((line, index) => ({ ...line, id: pane.nextId + index }) as unknown as Line);
  return { ...pane, lines: [...pane.lines, ...lines].slice(-LINE_LIMIT), nextId: pane.nextId + lines.length };
}
