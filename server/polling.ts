import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderList } from '../src/protocol/index.ts';
import { httpHeadLength, type HttpResponse, type PollingFeed } from '../src/service/polling.ts';
import type { ConnectionPlaces } from './limits.ts';

/**
 * The request head's size as it arrived: the request line and every header
 * as received (Node keeps names, values and order in rawHeaders, and reads
 * heads as Latin-1, one character a byte). Node trims the spaces around a
 * value, so we count the one space browsers write after the colon.
 */
export function requestHeadLength(request: IncomingMessage): number {
  const headers: HeaderList = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    headers.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
  }
  return httpHeadLength(`${request.method ?? 'GET'} ${request.url ?? '/'} HTTP/${request.httpVersion}`, headers);
}

/** Writes an answer the service built, every header line included: Node adds none of its own. */
export function writeAnswer(response: ServerResponse, answer: HttpResponse): void {
  if (response.destroyed) return;
  response.sendDate = false;
  response.writeHead(answer.status, answer.reason, answer.headers.flat());
  response.end(answer.body);
}

/**
 * `GET /poll`: the polling feed over HTTP (src/service/polling.ts). The
 * service builds every header line, so Node must add none of its own (no
 * automatic Date, Connection or Keep-Alive): the sizes the response reports
 * are then exactly the bytes written. A long poll (`wait=1`) with no news is
 * held, and holds a connection place (server/limits.ts) while it waits.
 */
export function createPollingHandler(feed: PollingFeed, places: ConnectionPlaces) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const place = places.for(request);
    const forget = feed.handle(
      {
        method: request.method ?? 'GET',
        target: request.url ?? '/',
        requestBytes: requestHeadLength(request),
        keepAlive: response.shouldKeepAlive,
      },
      {
        hold: place.take,
        reply: (answer) => {
          place.give();
          writeAnswer(response, answer);
        },
      },
    );
    // The client left before the answer: the held poll is forgotten and its place given back.
    response.once('close', () => {
      forget();
      place.give();
    });
  };
}
