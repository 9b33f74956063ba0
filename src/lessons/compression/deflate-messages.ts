import {
  CHROMIUM_DEFLATE_OFFER,
  checkDeflateAnswer,
  FrameError,
  Inflater,
  Opcode,
  Side,
  isControlOpcode,
  type DeflateParams,
  type FrameEvent,
  type HandshakeRequestEvent,
  type HandshakeResponseEvent,
  type HeaderList,
  type InflateReport,
} from '../../protocol/index.ts';
import type { PageTraceEvent } from '../../transport/trace-stream.ts';

/** One data message of a connection, as the X-ray reads it from the trace. */
export interface DeflateMessage {
  /** 1-based, among the connection's data messages in both directions. */
  readonly number: number;
  /** Its first and last frames: indexes among the trace's frame events. */
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly from: Side;
  readonly opcode: number;
  /** Its first frame had RSV1: the payload is DEFLATE data (RFC 7692 §6). */
  readonly compressed: boolean;
  /** The bytes its frames took on the wire, headers and masking keys included. */
  readonly wireBytes: number;
  /** The payload as sent: compressed, the tail 00 00 ff ff removed (§7.2.1), or the message itself. */
  readonly payload: Uint8Array;
  /** The message itself: inflated, or the payload when not compressed; undefined when it did not inflate. */
  readonly data: Uint8Array | undefined;
  /** What the decoder read, for a compressed message that inflated. */
  readonly report: InflateReport | undefined;
  /** Why a compressed message did not inflate. */
  readonly error: string | undefined;
}

/** A message the X-ray inflates at most: far past anything the demos send, short of a bomb. */
const MAX_OUTPUT = 1024 * 1024;

function isFrame(event: PageTraceEvent): event is FrameEvent {
  return event.type === 'frame';
}

/** A header's value by its name, as HTTP compares names: ignoring case. */
export function header(headers: HeaderList, name: string): string | undefined {
  return headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The browser's check of a 101's extension answer (checkDeflateAnswer); undefined when there is no 101 yet. */
function checkedAnswer(events: readonly PageTraceEvent[]): ReturnType<typeof checkDeflateAnswer> | undefined {
  const response = events.find((event): event is HandshakeResponseEvent => event.type === 'handshake-response');
  if (!response || response.status !== 101) return undefined;
  const request = events.find((event): event is HandshakeRequestEvent => event.type === 'handshake-request');
  // The request's own offer: in Live mode the headers Chromium really sent.
  const offer = (request && header(request.headers, 'sec-websocket-extensions')) ?? CHROMIUM_DEFLATE_OFFER;
  return checkDeflateAnswer(offer, header(response.headers, 'sec-websocket-extensions'));
}

/** What the 101 agreed, read as the browser reads it; null when no permessage-deflate was agreed. */
export function agreedDeflate(events: readonly PageTraceEvent[]): DeflateParams | null {
  const checked = checkedAnswer(events);
  return checked?.ok ? checked.params : null;
}

/**
 * Why the browser failed a connection whose 101 it read: the server's
 * Sec-WebSocket-Extensions broke the offer's rules (an extension not
 * offered, a bad parameter; RFC 6455 §4.1, §9.1, RFC 7692 §7.1). Undefined when
 * there was no 101 or its answer was fine.
 */
export function deflateAnswerProblem(events: readonly PageTraceEvent[]): string | undefined {
  const checked = checkedAnswer(events);
  return checked && !checked.ok ? checked.reason : undefined;
}

interface Pending {
  readonly firstFrame: number;
  readonly opcode: number;
  readonly compressed: boolean;
  readonly payloads: Uint8Array[];
  wireBytes: number;
}

/**
 * The data messages of one connection, read from its trace with the
 * lesson's own decoder: one Inflater per direction, with the parameters the
 * 101 agreed (client_* for what the browser sent, server_* for the server,
 * RFC 7692 §7.1), fed every compressed message in order, so a message can
 * copy from the ones before it when context takeover is on. Call `update`
 * with the whole trace as it grows; a new connection's trace starts over.
 */
export class DeflateMessages {
  #messages: DeflateMessage[] = [];
  /** The frames read so far, to tell a grown trace from a new one. */
  #frames: FrameEvent[] = [];
  #params: DeflateParams | null = null;
  #inflaters: Record<Side, Inflater> | undefined;
  #pending: Partial<Record<Side, Pending>> = {};

  get messages(): readonly DeflateMessage[] {
    return this.#messages;
  }

  /** The parameters the connection agreed, or null when it compresses nothing. */
  get params(): DeflateParams | null {
    return this.#params;
  }

  update(events: readonly PageTraceEvent[]): readonly DeflateMessage[] {
    const frames = events.filter(isFrame);
    const grown =
      frames.length >= this.#frames.length &&
      this.#frames.every((frame, index) => frames[index]!.bytes === frame.bytes);
    if (!grown) this.#reset();
    if (this.#frames.length === 0) this.#start(events);
    frames.forEach((frame, index) => {
      if (index >= this.#frames.length) this.#read(frame, index);
    });
    this.#frames = frames;
    return this.#messages;
  }

  #reset(): void {
    this.#messages = [];
    this.#frames = [];
    this.#params = null;
    this.#inflaters = undefined;
    this.#pending = {};
  }

  #start(events: readonly PageTraceEvent[]): void {
    const params = agreedDeflate(events);
    this.#params = params;
    this.#inflaters = params
      ? {
          [Side.client]: new Inflater({
            windowBits: params.clientMaxWindowBits,
            noContextTakeover: params.clientNoContextTakeover,
            maxOutput: MAX_OUTPUT,
          }),
          [Side.server]: new Inflater({
            windowBits: params.serverMaxWindowBits,
            noContextTakeover: params.serverNoContextTakeover,
            maxOutput: MAX_OUTPUT,
          }),
        }
      : undefined;
  }

  #read({ from, frame, bytes }: FrameEvent, index: number): void {
    if (isControlOpcode(frame.opcode)) return;
    let pending = this.#pending[from];
    if (frame.opcode !== Opcode.continuation || !pending) {
      pending = { firstFrame: index, opcode: frame.opcode, compressed: frame.rsv1, payloads: [], wireBytes: 0 };
      this.#pending[from] = pending;
    }
    pending.payloads.push(frame.payload.slice());
    pending.wireBytes += bytes.length;
    if (!frame.fin) return;
    this.#pending[from] = undefined;
    this.#messages = [...this.#messages, this.#message(from, pending, index)];
  }

  #message(from: Side, pending: Pending, lastFrame: number): DeflateMessage {
    const { firstFrame, opcode, compressed, payloads, wireBytes } = pending;
    const payload = concat(payloads);
    const number = this.#messages.length + 1;
    const base = { number, firstFrame, lastFrame, from, opcode, compressed, wireBytes, payload };
    if (!compressed) return { ...base, data: payload, report: undefined, error: undefined };
    const inflater = this.#inflaters?.[from];
    if (!inflater) {
      return {
        ...base,
        data: undefined,
        report: undefined,
        error: 'RSV1 is set, but the handshake agreed no compression.',
      };
    }
    try {
      const report = inflater.inflateWithReport(payload);
      return { ...base, data: report.data, report, error: undefined };
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      // A broken message leaves the window unknown: later messages cannot be read either.
      this.#inflaters = undefined;
      return { ...base, data: undefined, report: undefined, error: error.message };
    }
  }
}
