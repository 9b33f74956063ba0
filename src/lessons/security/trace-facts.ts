import { decodeClosePayload, Opcode, tryDecodeUtf8, type ClosePayload, type HeaderList } from '../../protocol/index.ts';
import type { PageTraceEvent } from '../../transport/trace-stream.ts';

/**
 * What the security demos read out of a connection's trace: the server's
 * answer to the handshake, its log lines and notes, its close frame, and
 * where a credential travelled. Pure functions of the trace, so both wires'
 * traces read alike.
 */

/** The prefix of a note that shows a line of the server's log (src/service/log-line.ts). */
export const SERVER_LOG_PREFIX = 'server log: ';

/** The server's answer to the upgrade request, once the trace has it. */
export function handshakeAnswer(trace: readonly PageTraceEvent[]): { status: number; reason: string } | undefined {
  const response = trace.find((event) => event.type === 'handshake-response');
  return response?.type === 'handshake-response' ? { status: response.status, reason: response.reason } : undefined;
}

/** The JSON of each line the server wrote to its log for this connection, in order. */
export function serverLogLines(trace: readonly PageTraceEvent[]): string[] {
  return trace.flatMap((event) =>
    event.type === 'note' && event.text.startsWith(SERVER_LOG_PREFIX)
      ? [event.text.slice(SERVER_LOG_PREFIX.length)]
      : [],
  );
}

/** The server's other notes: why it refused a handshake, mostly. */
export function serverNotes(trace: readonly PageTraceEvent[]): string[] {
  return trace.flatMap((event) =>
    event.type === 'note' && !event.text.startsWith(SERVER_LOG_PREFIX) ? [event.text] : [],
  );
}

/** The code and reason of the first close frame `from` sent, if one crossed the wire. */
export function closeFrame(trace: readonly PageTraceEvent[], from: 'client' | 'server'): ClosePayload | undefined {
  for (const event of trace) {
    if (event.type !== 'frame' || event.from !== from || event.frame.opcode !== Opcode.close) continue;
    try {
      return decodeClosePayload(event.frame.payload);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The text of each text message `from` sent, in order (a redacted one shows its stars). */
export function textMessages(trace: readonly PageTraceEvent[], from: 'client' | 'server'): string[] {
  return trace.flatMap((event) =>
    event.type === 'frame' && event.from === from && event.frame.opcode === Opcode.text && event.frame.fin
      ? [tryDecodeUtf8(event.frame.payload) ?? '']
      : [],
  );
}

function header(headers: HeaderList, name: string): string | undefined {
  return headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

/** Where a credential could have travelled in one attempt, as the trace shows it (secrets already starred). */
export interface CredentialPlaces {
  /** The request target, query included. */
  readonly path: string | undefined;
  /** The request's Cookie header (its value redacted by the trace), when it had one. */
  readonly cookie: string | undefined;
  /** The Sec-WebSocket-Protocol values offered. */
  readonly offered: string | undefined;
  /** The Sec-WebSocket-Protocol the server answered. */
  readonly answered: string | undefined;
  /** The client's first text message. */
  readonly firstMessage: string | undefined;
  /** Whether the trace starred a secret in a frame's payload. */
  readonly redactedFrame: boolean;
}

export function credentialPlaces(trace: readonly PageTraceEvent[]): CredentialPlaces {
  const request = trace.find((event) => event.type === 'handshake-request');
  const response = trace.find((event) => event.type === 'handshake-response');
  const requestHeaders = request?.type === 'handshake-request' ? request.headers : [];
  const responseHeaders = response?.type === 'handshake-response' ? response.headers : [];
  return {
    path: request?.type === 'handshake-request' ? request.path : undefined,
    cookie: header(requestHeaders, 'cookie'),
    offered: header(requestHeaders, 'sec-websocket-protocol'),
    answered: header(responseHeaders, 'sec-websocket-protocol'),
    firstMessage: textMessages(trace, 'client')[0],
    redactedFrame: trace.some((event) => event.type === 'frame' && event.redacted === true),
  };
}
