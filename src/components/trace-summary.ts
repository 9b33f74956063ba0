import {
  decodeClosePayload,
  describeCloseCode,
  toHex,
  Opcode,
  opcodeName,
  decodeUtf8,
  Side,
  utf8PrefixLength,
  utf8Span,
  Utf8State,
  type Frame,
  type FrameEvent,
} from '../protocol/index.ts';
import type { PageTraceEvent } from '../transport/trace-stream.ts';

/** How much of a payload a one-line summary shows. */
const PREVIEW = 40;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A payload as a reader wants to see it: text when it is text, hex otherwise. */
export function payloadPreview(frame: Frame): string {
  const { payload } = frame;
  if (payload.length === 0) return '(empty)';
  if (frame.opcode === Opcode.close) {
    try {
      const { code, reason } = decodeClosePayload(payload);
      const name = describeCloseCode(code)?.name;
      return `${code}${name ? ` ${name}` : ''}${reason ? `, "${reason}"` : ''}`;
    } catch (error) {
      return `invalid close payload: ${(error as Error).message}`;
    }
  }
  const text = frame.opcode === Opcode.binary ? null : textPreview(payload, frame.opcode === Opcode.continuation);
  if (text !== null) return text;
  const shown = payload.subarray(0, PREVIEW);
  return `${toHex(shown).replace(/(..)(?!$)/g, '$1 ')}${payload.length > PREVIEW ? ' …' : ''}`;
}

/**
 * The payload's first characters in quotes, or null when its bytes cannot be
 * text. The preview stops before a character it would cut, and a frame may
 * end inside a character its message's next frame finishes (§5.6), so a
 * character cut at either edge is left out and marked "…", never taken for
 * bad UTF-8.
 */
function textPreview(payload: Uint8Array, continuation: boolean): string | null {
  // A continuation frame may open with the end of a character an earlier frame began: at most 3 bytes 10xxxxxx.
  let start = 0;
  while (continuation && start < 3 && start < payload.length && (payload[start]! & 0xc0) === 0x80) start++;
  // 3 bytes past the preview finish any character the preview's edge cuts.
  const window = payload.subarray(start, start + PREVIEW + 3);
  const { tail, state } = utf8Span(window);
  if (state === Utf8State.reject) return null;
  const whole = window.subarray(0, window.length - tail);
  const end = utf8PrefixLength(whole, PREVIEW);
  if (end === 0) return null;
  const more = start + end < payload.length ? '…' : '';
  return `"${start > 0 ? '…' : ''}${decodeUtf8(whole.subarray(0, end))}${more}"`;
}

/** Who the event comes from: the client or server side of the wire, or the page's API. */
export function sender(event: PageTraceEvent): 'client' | 'server' | 'page' {
  switch (event.type) {
    case 'handshake-request':
      return 'client';
    case 'frame':
      return event.from;
    case 'api':
      return 'page';
    default:
      return 'server';
  }
}

/** Who sent it, as an arrow and words: colour is never the only signal. */
export function direction(event: PageTraceEvent): string {
  const from = sender(event);
  if (from === 'page') return 'page';
  if (event.type === 'closed' || event.type === 'note') return 'server';
  return from === 'client' ? 'client → server' : 'server → client';
}

/** The event's kind in a few words: "text frame", "101 response", "close event". */
export function kind(event: PageTraceEvent): string {
  switch (event.type) {
    case 'handshake-request':
      return `${event.method} request`;
    case 'handshake-response':
      return `${event.status} response`;
    case 'frame': {
      const name = opcodeName(event.frame.opcode);
      return `${name} frame${event.frame.fin ? '' : ' (not final)'}`;
    }
    case 'closed':
      return 'connection closed';
    case 'note':
      return 'server note';
    case 'api':
      return `${event.name} event`;
  }
}

/** What a control frame is for, where a reader meets it unasked: the live server's heartbeat and the browser's answer. */
function purpose({ frame, from }: FrameEvent): string {
  const server = from === Side.server;
  if (frame.opcode === Opcode.ping)
    return `: the ${server ? 'server' : 'client'} asks whether the connection is alive (§5.5.2)`;
  if (frame.opcode === Opcode.pong)
    return server ? ': the answer to a ping (§5.5.3)' : ': the browser answers a ping by itself (§5.5.3)';
  return '';
}

/**
 * A compressed message's frame (RFC 7692 §6): what the message inflated to,
 * on its last frame; undefined for a frame that carries its payload as it is.
 */
function compressedPreview({ frame, inflated, inflateError }: FrameEvent): string | undefined {
  if (inflateError !== undefined) return `compressed, and does not inflate: ${inflateError}`;
  if (inflated !== undefined) {
    return `compressed, inflates to ${plural(inflated.length, 'byte')}: ${payloadPreview({ ...frame, payload: inflated })}`;
  }
  return frame.rsv1 ? 'compressed (RSV1): the message inflates at its last frame' : undefined;
}

/** One line with what matters about the event. */
export function summary(event: PageTraceEvent): string {
  switch (event.type) {
    case 'handshake-request':
      return `${event.path} ${event.httpVersion}, ${plural(event.headers.length, 'header')}`;
    case 'handshake-response':
      return `${event.reason ? `${event.reason}, ` : ''}${plural(event.headers.length, 'header')}`;
    case 'frame':
      return `${plural(event.bytes.length, 'byte')} on the wire${event.frame.masked ? ', masked' : ''}: ${compressedPreview(event) ?? payloadPreview(event.frame)}${purpose(event)}`;
    case 'closed':
      return `code ${event.code}${event.reason ? `, "${event.reason}"` : ''}, ${event.wasClean ? 'clean' : 'not clean'}`;
    case 'note':
      return event.text;
    case 'api':
      return event.detail;
  }
}
