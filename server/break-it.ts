import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { connect, type AddressInfo } from 'node:net';
import type { WebSocketServer } from 'ws';
import {
  BREAK_IT_MAX_BODY,
  BREAK_IT_MAX_RESPONSE,
  BREAK_IT_PATH,
  BREAK_IT_TARGET,
  Breakage,
  brokenRequestHeaders,
  parseBreakages,
  requestText,
  serializeBreakItAnswer,
  WRONG_GUID,
  type OriginPolicy,
} from '../src/protocol/index.ts';
import { LabFailure, labRoute } from './lab-route.ts';
import type { Logger } from './log.ts';

/**
 * `POST /break-it`: the handshake lesson's broken handshake, sent for real. A
 * page cannot write its own upgrade request (the browser does, and no script
 * may set those headers), so the page says which switches are on and this
 * server writes the spoiled request to its own port over a real TCP
 * connection, as any client could. Its own upgrade code answers, the same
 * code every browser meets (server/upgrade.ts, then ws for a 101), and the
 * lab returns the raw request and the raw bytes that came back.
 *
 * Wrong-GUID is the server's fault, not the request's. For that switch the
 * request is a sound one; the gatekeeper accepts it and ws writes the 101,
 * and this lab, listening to ws's documented 'headers' event, replaces the
 * Accept ws computed by one computed the same way from the key received but
 * with the GUID in lower case. It does so only for the lab's own connection,
 * known by its address and port, which no other client can share: every
 * other handshake keeps ws's Accept.
 */

const WS_VERSION = (createRequire(import.meta.url)('ws/package.json') as { version: string }).version;

export interface BreakItOptions {
  /** The server's allowlist; a function, as the server builds it once it knows its port. */
  readonly originPolicy: () => OriginPolicy;
  readonly logger: Logger;
  /** Where this server listens (`server.address()`): the lab connects there. */
  readonly address: () => AddressInfo;
  /** This server's ws, whose 'headers' event lets the lab spoil the Accept of its own wrong-GUID requests. */
  readonly wss: WebSocketServer;
  /** Runs at once; more get 503. Default 4. */
  readonly maxConcurrent?: number;
  /** How long the server gets to answer. Default 2000 ms. */
  readonly timeoutMs?: number;
}

export interface BreakItLab {
  handle(request: IncomingMessage, response: ServerResponse): void;
  close(): void;
}

/** A listening address that means "every interface" is reached on loopback. */
function reachable(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '::1';
  return address;
}

/** One end of a TCP connection, as both sides name it (an IPv4 peer of an IPv6 socket is `::ffff:a.b.c.d`). */
function endpoint(address: string | undefined, port: number | undefined): string {
  return `${(address ?? '').replace(/^::ffff:/, '')} ${port ?? 0}`;
}

/** The length a response head declares for its body; 0 when it declares none. */
function contentLength(head: string): number {
  const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  return match ? Number(match[1]) : 0;
}

/**
 * Writes `request` to host:port and reads the answer: the head, and the body
 * a refusal declares. A 101 ends at its head: what follows would be frames.
 */
function exchange(
  host: string,
  port: number,
  request: string,
  timeoutMs: number,
  connected: (local: string) => void,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let received = Buffer.alloc(0);
    const finish = (error?: LabFailure): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(received.subarray(0, BREAK_IT_MAX_RESPONSE));
    };
    const timer = setTimeout(
      () => finish(new LabFailure(504, 'The server’s own upgrade code took too long to answer.')),
      timeoutMs,
    );
    socket.once('connect', () => {
      connected(endpoint(socket.localAddress, socket.localPort));
      socket.write(request, 'latin1');
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (received.length >= BREAK_IT_MAX_RESPONSE) return finish();
      if (end === -1) return;
      const head = received.subarray(0, end).toString('latin1');
      if (head.startsWith('HTTP/1.1 101 ') || received.length >= end + 4 + contentLength(head)) finish();
    });
    socket.once('end', () => finish());
    socket.once('error', (error) =>
      finish(new LabFailure(502, `The lab could not reach its own server: ${error.message}`)),
    );
  });
}

export function createBreakItLab(options: BreakItOptions): BreakItLab {
  const timeoutMs = options.timeoutMs ?? 2000;
  /** The lab's own connections that asked for a wrong GUID, by the client end's address and port. */
  const wrongGuidFor = new Set<string>();

  // ws passes the lines of its 101 here before it writes them (ws/lib/websocket-server.js, completeUpgrade).
  const spoilAccept = (lines: string[], request: IncomingMessage): void => {
    if (!wrongGuidFor.has(endpoint(request.socket.remoteAddress, request.socket.remotePort))) return;
    const key = request.headers['sec-websocket-key'] ?? '';
    const at = lines.findIndex((line) => line.toLowerCase().startsWith('sec-websocket-accept:'));
    // §4.2.2 item 5.4, with the wrong GUID: the same sum ws does, with other bytes.
    if (at !== -1)
      lines[at] = `Sec-WebSocket-Accept: ${createHash('sha1')
        .update(key + WRONG_GUID)
        .digest('base64')}`;
  };
  options.wss.on('headers', spoilAccept);

  const handle = labRoute({
    path: BREAK_IT_PATH,
    errorEvent: 'break-it-error',
    originPolicy: options.originPolicy,
    logger: options.logger,
    maxBytes: BREAK_IT_MAX_BODY,
    maxConcurrent: options.maxConcurrent ?? 4,
    words: {
      post: 'The break-it lab takes POST with {"breakages": [...]} as the body.',
      tooLarge: () => `The break-it lab reads at most ${BREAK_IT_MAX_BODY} bytes.`,
      busy: 'The break-it lab is busy with other readers; try again in a moment.',
      failed: 'The break-it lab failed.',
    },
    async run(body, request) {
      const breakages = parseBreakages(body.toString('utf8'));
      if (typeof breakages === 'string') throw new LabFailure(400, breakages);
      const host = request.headers.host;
      if (host === undefined) throw new LabFailure(400, 'The request has no Host header to put in the handshake.');
      // The page's own Host, Origin and User-Agent, as its browser sends them on a WebSocket too. Node's parser has
      // refused any header value with a line break, so none can add a line to the request.
      const headers = brokenRequestHeaders(
        {
          host,
          origin: request.headers.origin,
          userAgent: request.headers['user-agent'],
          key: randomBytes(16).toString('base64'),
        },
        breakages,
      );
      const text = requestText(BREAK_IT_TARGET, headers);
      const { address, port } = options.address();
      let mine: string | undefined;
      try {
        const received = await exchange(reachable(address), port, text, timeoutMs, (local) => {
          mine = local;
          if (breakages.has(Breakage.wrongGuid)) wrongGuidFor.add(local);
        });
        const response = received.toString('utf8');
        options.logger('break-it', {
          origin: request.headers.origin,
          breakages: [...breakages].join(',') || 'none',
          answer: response.slice(0, response.indexOf('\r\n')),
        });
        return serializeBreakItAnswer({
          server: `this server’s own upgrade code (and ws ${WS_VERSION} for a 101)`,
          request: text,
          response,
        });
      } finally {
        if (mine !== undefined) wrongGuidFor.delete(mine);
      }
    },
  });

  return {
    handle,
    close() {
      options.wss.off('headers', spoilAccept);
    },
  };
}
