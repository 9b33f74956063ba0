import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderList } from '../src/protocol/index.ts';
import type { Clock } from '../src/service/peer.ts';
import { createPollingFeed, httpHeadLength } from '../src/service/polling.ts';

/**
 * The request head's size as it arrived: the request line and every header
 * as received (Node keeps names, values and order in rawHeaders, and reads
 * heads as Latin-1, one character a byte). Node trims the spaces around a
 * value, so we count the one space browsers write after the colon.
 */
function requestHeadLength(request: IncomingMessage): number {
  const headers: HeaderList = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    headers.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
  }
  return httpHeadLength(`${request.method ?? 'GET'} ${request.url ?? '/'} HTTP/${request.httpVersion}`, headers);
}

/**
 * `GET /poll`: the polling feed over HTTP (src/service/polling.ts). The
 * feed starts when this handler is made, that is when the server starts.
 * The service builds every header line, so Node must add none of its own
 * (no automatic Date, Connection or Keep-Alive): the sizes the response
 * reports are then exactly the bytes written.
 */
export function createPollingHandler(clock: Clock) {
  const feed = createPollingFeed(clock);
  return (request: IncomingMessage, response: ServerResponse): void => {
    const answer = feed.respond({
      method: request.method ?? 'GET',
      target: request.url ?? '/',
      requestBytes: requestHeadLength(request),
      keepAlive: response.shouldKeepAlive,
    });
    response.sendDate = false;
    response.writeHead(answer.status, answer.reason, answer.headers.flat());
    response.end(answer.body);
  };
}
