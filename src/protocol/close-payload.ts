/**
 * The body of a Close frame (§5.5.1): empty, or a 2-byte status code in
 * network byte order followed by a UTF-8 reason. The whole body fits in a
 * control frame's 125 bytes, which leaves 123 for the reason.
 */
import { CloseCode, isValidCloseCode } from './close-codes.ts';
import { FrameError } from './errors.ts';
import { encodeUtf8, tryDecodeUtf8 } from './utf8.ts';

export interface ClosePayload {
  /** The status code; 1005 (No Status Received) when the body was empty (§7.1.5). */
  readonly code: number;
  readonly reason: string;
}

/** The longest reason a Close frame can carry, in UTF-8 bytes (125 - 2). */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * Builds a Close body. Throws `FrameError` for a code that may not appear on
 * the wire (§7.4, see `isValidCloseCode`) or a reason over 123 bytes: a peer
 * would fail the connection with 1002 on either.
 */
export function encodeClosePayload(code: number, reason = ''): Uint8Array {
  if (!isValidCloseCode(code)) {
    throw new FrameError('FRAME_ERR_INVALID_CLOSE_CODE', invalidCodeMessage(code));
  }
  const text = encodeUtf8(reason);
  if (text.length > MAX_CLOSE_REASON_BYTES) {
    throw new FrameError(
      'FRAME_ERR_CLOSE_REASON_TOO_LONG',
      `The close reason is ${text.length} bytes of UTF-8; a Close frame has room for ${MAX_CLOSE_REASON_BYTES} (§5.5).`,
    );
  }
  const body = new Uint8Array(2 + text.length);
  body[0] = code >>> 8;
  body[1] = code & 0xff;
  body.set(text, 2);
  return body;
}

/**
 * Reads a Close body, checking what a receiver must: its length (§5.5,
 * §5.5.1), its code (§7.4) and that the reason is UTF-8 (1007, §8.1).
 */
export function decodeClosePayload(bytes: Uint8Array): ClosePayload {
  if (bytes.length === 0) return { code: CloseCode.noStatusReceived, reason: '' };
  if (bytes.length === 1) {
    throw new FrameError(
      'FRAME_ERR_CLOSE_TOO_SHORT',
      'This close body is 1 byte; it must be empty or start with a 2-byte code (§5.5.1).',
    );
  }
  if (bytes.length > 2 + MAX_CLOSE_REASON_BYTES) {
    throw new FrameError(
      'FRAME_ERR_CLOSE_REASON_TOO_LONG',
      `This close body is ${bytes.length} bytes; a control frame carries at most 125 (§5.5).`,
    );
  }
  const code = (bytes[0] << 8) | bytes[1];
  if (!isValidCloseCode(code)) {
    throw new FrameError('FRAME_ERR_INVALID_CLOSE_CODE', invalidCodeMessage(code));
  }
  const reason = tryDecodeUtf8(bytes.subarray(2));
  if (reason === null) {
    throw new FrameError('FRAME_ERR_INVALID_UTF8', 'The close reason is not valid UTF-8 (§5.5.1, §8.1).');
  }
  return { code, reason };
}

function invalidCodeMessage(code: number): string {
  if (code === 1005 || code === 1006 || code === 1015) {
    return `Close code ${code} is only reported locally; it must never be sent in a Close frame (§7.4.1).`;
  }
  return `Close code ${code} may not be sent: only 1000-1003, 1007-1014 and 3000-4999 can appear in a Close frame (§7.4).`;
}

/** A Close body split into its two fields for display, whatever it holds. */
export interface ClosePayloadFields {
  /** The first two bytes, or undefined for an empty (or 1-byte) body. */
  readonly codeBytes: Uint8Array | undefined;
  /** The code they spell in network byte order (§5.5.1), or undefined. */
  readonly code: number | undefined;
  /** Everything after the code. */
  readonly reasonBytes: Uint8Array;
  /** The reason as text, or null when it is not valid UTF-8. */
  readonly reason: string | null;
  /** What a receiver would make of the body: the decoded payload, or the error it fails the connection with. */
  readonly verdict:
    { readonly ok: true; readonly payload: ClosePayload } | { readonly ok: false; readonly error: FrameError };
}

/** Splits a Close body into code and reason without throwing, so a view can show even a broken one. */
export function closePayloadFields(bytes: Uint8Array): ClosePayloadFields {
  const hasCode = bytes.length >= 2;
  const reasonBytes = hasCode ? bytes.subarray(2) : bytes.subarray(bytes.length);
  let verdict: ClosePayloadFields['verdict'];
  try {
    verdict = { ok: true, payload: decodeClosePayload(bytes) };
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    verdict = { ok: false, error };
  }
  return {
    codeBytes: hasCode ? bytes.subarray(0, 2) : undefined,
    code: hasCode ? (bytes[0]! << 8) | bytes[1]! : undefined,
    reasonBytes,
    reason: tryDecodeUtf8(reasonBytes),
    verdict,
  };
}
