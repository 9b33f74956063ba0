import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../src/service/peer.ts';
import type { PollingFeed } from '../src/service/polling.ts';
import { STREAM_STATUS } from '../src/service/sse-text.ts';
import { openStream } from '../src/service/sse.ts';
import type { ConnectionPlaces } from './limits.ts';
import { requestHeadLength, writeAnswer } from './polling.ts';

/**
 * `GET /sse`: the polling feed as Server-Sent Events (src/service/sse.ts).
 * Every header line comes from the service, chunking included, so the head
 * the opening event reports is the head written; Node frames each write as
 * one chunk. An open stream holds a connection place (server/limits.ts).
 */
export function createSseHandler(feed: PollingFeed, clock: Clock, places: ConnectionPlaces) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const place = places.for(request);
    const lastEventId = request.headers['last-event-id'];
    const stop = openStream(
      feed,
      clock,
      {
        method: request.method ?? 'GET',
        target: request.url ?? '/',
        requestBytes: requestHeadLength(request),
        lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined,
        keepAlive: response.shouldKeepAlive,
      },
      {
        hold: place.take,
        refuse: (answer) => {
          place.give();
          writeAnswer(response, answer);
        },
        head: (headers) => {
          response.sendDate = false;
          response.writeHead(STREAM_STATUS.code, STREAM_STATUS.reason, headers.flat());
        },
        write: (text) => {
          if (!response.destroyed) response.write(text);
        },
        end: () => {
          place.give();
          response.end();
        },
      },
    );
    // The browser closed the stream, or the connection dropped: stop the ticks and give the place back.
    response.once('close', () => {
      stop();
      place.give();
    });
  };
}
