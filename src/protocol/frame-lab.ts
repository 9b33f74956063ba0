/**
 * The frame lab's exchange: a reader's hand-made bytes go to a server after
 * a real handshake, and the lab reports what the server did. The live server
 * answers `POST /frame-lab` with this JSON; the simulated one builds the same
 * object in the page. One shape, read by one function, on both wires.
 */
import { FrameError } from './errors.ts';
import { createFrameStream, type WireFrame } from './frame-stream.ts';
import { fromHex, toHex } from './hex.ts';
import { Opcode } from './opcodes.ts';
import { decodeClosePayload } from './close-payload.ts';
import { parseJsonObject } from './json-object.ts';

export const FRAME_LAB_PATH = '/frame-lab';
/** The most bytes one lab run may send: enough for every lesson, small enough to cost nothing. */
export const FRAME_LAB_MAX_BYTES = 16 * 1024;
/** The largest message the lab's server accepts; more is refused with 1009 (§7.4.1). */
export const FRAME_LAB_MAX_PAYLOAD = 16 * 1024;

/** What the server's WebSocket library reported when it failed the connection. */
export interface LabServerError {
  /** The library's stable code: `WS_ERR_INVALID_OPCODE` from ws, `FRAME_ERR_RESERVED_OPCODE` from ours. */
  readonly code: string;
  readonly message: string;
}

export interface LabAnswer {
  /** Which server answered: "ws 8.23.0", or the simulated server. */
  readonly server: string;
  /** Every byte the server sent after its 101 response, in order. */
  readonly received: Uint8Array;
  /** Whether the server ended the TCP connection within the wait. */
  readonly closedTcp: boolean;
  /** The server library's error, if the bytes made it fail the connection (§7.1.7). */
  readonly serverError: LabServerError | undefined;
  /** How long the lab watched the connection after writing, in milliseconds. */
  readonly waitedMs: number;
}

export function serializeLabAnswer(answer: LabAnswer): string {
  return JSON.stringify({ ...answer, received: toHex(answer.received) });
}

/** Reads the server's JSON back; anything malformed throws an Error that says what is wrong. */
export function parseLabAnswer(text: string): LabAnswer {
  const fields = parseJsonObject(text, 'the answer');
  const received = typeof fields.received === 'string' ? fromHex(fields.received) : null;
  if (!received) throw new Error('the "received" field is not hex');
  if (typeof fields.server !== 'string') throw new Error('the "server" field is not a string');
  if (typeof fields.closedTcp !== 'boolean') throw new Error('the "closedTcp" field is not true or false');
  if (typeof fields.waitedMs !== 'number') throw new Error('the "waitedMs" field is not a number');
  const error = fields.serverError as Readonly<Record<string, unknown>> | undefined | null;
  let serverError: LabServerError | undefined;
  if (error !== undefined && error !== null) {
    if (typeof error.code !== 'string' || typeof error.message !== 'string') {
      throw new Error('the "serverError" field is not { code, message }');
    }
    serverError = { code: error.code, message: error.message };
  }
  return { server: fields.server, received, closedTcp: fields.closedTcp, serverError, waitedMs: fields.waitedMs };
}

/** The server's reaction, read from its bytes. */
export interface LabReaction {
  /** The frames the server sent, as far as they are whole. */
  readonly frames: readonly WireFrame[];
  /** The server's close frame, if it sent one: 1005 when it carried no code (§7.1.5). */
  readonly close: { readonly code: number; readonly reason: string } | undefined;
  /** Bytes the server sent that do not make a valid server frame, said in words. */
  readonly problem: string | undefined;
}

/** Decodes what a server sent, as a client would (server frames are never masked, §5.1). */
export function readReaction(received: Uint8Array): LabReaction {
  const stream = createFrameStream({ expectMasked: false });
  let frames: WireFrame[] = [];
  let problem: string | undefined;
  try {
    frames = stream.push(received);
    if (stream.pending > 0) problem = `${stream.pending} bytes at the end do not make a whole frame`;
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    problem = error.message;
  }
  let close: LabReaction['close'];
  const closeFrame = frames.find(({ frame }) => frame.opcode === Opcode.close);
  if (closeFrame) {
    try {
      close = decodeClosePayload(closeFrame.frame.payload);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      problem = `the server's close frame is invalid: ${error.message}`;
    }
  }
  return { frames, close, problem };
}
