/**
 * JSON over a Peer: how the service's endpoints send the messages of
 * json-messages.ts and read their clients' messages, with the error
 * sentences both wires share.
 */
import type { ServerMessage } from './json-messages.ts';
import type { Peer } from './peer.ts';
import type { Read } from './query.ts';

/**
 * A broadcast hands one message object to every member of a room: it is
 * encoded once, not once per member. Messages are never changed once sent
 * (every endpoint builds a new object for each message), so the text stays true.
 */
const encoded = new WeakMap<ServerMessage, string>();

export function sendJson(peer: Peer, message: ServerMessage): void {
  let text = encoded.get(message);
  if (text === undefined) {
    text = JSON.stringify(message);
    encoded.set(message, text);
  }
  peer.send(text);
}

export function sendError(peer: Peer, message: string): void {
  sendJson(peer, { type: 'error', message });
}

/** A parsed client message: an object with a string `type`; its other fields still unchecked. */
export interface Incoming {
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * Parses one client message. `understands` finishes the error sentences:
 * `/chat understands {"type":"say","text":"…"}`. The wording is our own,
 * not the engine's JSON.parse message, so both wires say the same.
 */
export function readJson(data: string | Uint8Array, understands: string): Read<Incoming> {
  if (typeof data !== 'string') {
    return { ok: false, reason: `got a binary message of ${data.length} bytes, but ${understands} as text` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { ok: false, reason: `that message is not JSON; ${understands}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('type' in parsed)) {
    return { ok: false, reason: `a message must be a JSON object with a "type"; ${understands}` };
  }
  const { type } = parsed;
  if (typeof type !== 'string') return { ok: false, reason: `"type" must be a string; ${understands}` };
  return { ok: true, value: { ...parsed, type } };
}

/** A field's value as a reason shows it: JSON, cut short. */
export function shownJson(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** What a JSON endpoint does with each message type it understands. */
export type JsonHandlers = Readonly<Record<string, (message: Incoming) => void>>;

/**
 * Parses one client message and hands it to the handler for its type, or
 * answers with an error: not JSON, not an object with a `type`, or a type
 * with no handler. The connection stays open either way.
 */
export function dispatchJson(peer: Peer, data: string | Uint8Array, understands: string, handlers: JsonHandlers): void {
  const read = readJson(data, understands);
  if (!read.ok) return sendError(peer, read.reason);
  const { type } = read.value;
  // Own keys only: a type of "toString" must not reach Object.prototype.
  const handle = Object.hasOwn(handlers, type) ? handlers[type] : undefined;
  if (!handle) return sendError(peer, `unknown message type ${shownJson(type)}; ${understands}`);
  handle(read.value);
}
