import type { HandshakeRequestEvent, HandshakeResponseEvent } from '../../protocol/index.ts';
import type { PageTraceEvent } from '../../transport/trace-stream.ts';

/** Headers as the trace carries them: `[name, value]` in wire order. */
export type Headers = readonly (readonly [name: string, value: string])[];

/** The upgrade request in a connection's trace, once it has arrived. */
export function findRequest(events: readonly PageTraceEvent[]): HandshakeRequestEvent | undefined {
  return events.find((event): event is HandshakeRequestEvent => event.type === 'handshake-request');
}

/** The server's answer to the upgrade request, once it has arrived. */
export function findResponse(events: readonly PageTraceEvent[]): HandshakeResponseEvent | undefined {
  return events.find((event): event is HandshakeResponseEvent => event.type === 'handshake-response');
}

/** The request's first line: `GET /echo HTTP/1.1`. */
export function requestLine(request: HandshakeRequestEvent): string {
  return `${request.method} ${request.path} ${request.httpVersion}`;
}

/** The response's first line: `HTTP/1.1 101 Switching Protocols`. */
export function statusLine(response: { readonly status: number; readonly reason: string }): string {
  return `HTTP/1.1 ${response.status} ${response.reason}`;
}
