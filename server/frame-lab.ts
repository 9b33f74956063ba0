import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import {
  FRAME_LAB_MAX_BYTES,
  FRAME_LAB_MAX_PAYLOAD,
  FRAME_LAB_PATH,
  serializeLabAnswer,
  type LabServerError,
  type OriginPolicy,
} from '../src/protocol/index.ts';
import { LabFailure, labRoute } from './lab-route.ts';
import type { Logger } from './log.ts';

/**
 * `POST /frame-lab`: the frame lab's live half. A browser cannot put raw
 * bytes on a WebSocket, so the page posts them here; the lab opens a real
 * TCP connection to a bare ws echo server inside this process (loopback
 * only), does a real handshake, writes the bytes and reports what ws did:
 * the bytes it sent back, whether it closed TCP, and its own error.
 */

const WS_VERSION = (createRequire(import.meta.url)('ws/package.json') as { version: string }).version;

export interface FrameLabOptions {
  /** The server's allowlist; a function, as the server builds it once it knows its port. */
  readonly originPolicy: () => OriginPolicy;
  readonly logger: Logger;
  /** Labs running at once; more get 503. Default 4. */
  readonly maxConcurrent?: number;
  /** How long ws gets to react after the bytes are written. Default 1500 ms. */
  readonly waitMs?: number;
  /** The lab stops watching once ws has been quiet this long after answering. Default 250 ms. */
  readonly quietMs?: number;
}

export interface FrameLab {
  handle(request: IncomingMessage, response: ServerResponse): void;
  close(): Promise<void>;
}

/** The bare echo server: only ws's own behaviour, none of the playground's endpoints or limits. */
interface BareServer {
  readonly port: number;
  /** ws's error for the connection from this client port, taken once. */
  takeError(clientPort: number): LabServerError | undefined;
  close(): Promise<void>;
}

async function startBareServer(): Promise<BareServer> {
  const http: Server = createServer((_request, response) => response.writeHead(426).end());
  const wss = new WebSocketServer({ server: http, maxPayload: FRAME_LAB_MAX_PAYLOAD });
  const errors = new Map<number, LabServerError>();
  wss.on('connection', (ws, request) => {
    const port = request.socket.remotePort ?? 0;
    ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
    // ws fails the connection itself (close frame with the code, §7.1.7); we only note why.
    ws.on('error', (error: Error & { code?: string }) => {
      errors.set(port, { code: error.code ?? 'ERROR', message: error.message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (http.address() as AddressInfo).port,
    takeError(clientPort) {
      const error = errors.get(clientPort);
      errors.delete(clientPort);
      return error;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

const HEAD_END = Buffer.from('\r\n\r\n');
const HANDSHAKE_TIMEOUT_MS = 2000;

/** One lab run: handshake, write, watch. */
async function runLab(
  bare: BareServer,
  bytes: Buffer,
  waitMs: number,
  quietMs: number,
): Promise<{ received: Buffer; closedTcp: boolean; serverError: LabServerError | undefined; waitedMs: number }> {
  const socket: Socket = connect(bare.port, '127.0.0.1');
  socket.setNoDelay(true);
  const chunks: Buffer[] = [];
  let ended = false;
  let wake: () => void = () => {};
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    wake();
  });
  socket.on('end', () => {
    ended = true;
    wake();
  });
  socket.on('close', () => {
    ended = true;
    wake();
  });
  const failed = new Promise<never>((_resolve, reject) => {
    socket.once('error', (error) =>
      reject(new LabFailure(502, `The lab's ws server did not answer: ${error.message}`)),
    );
  });
  failed.catch(() => {});
  try {
    await Promise.race([new Promise((resolve) => socket.once('connect', resolve)), failed]);
    const key = randomBytes(16).toString('base64');
    socket.write(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${bare.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const headEnd = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new LabFailure(504, 'The handshake with the lab’s ws server took too long.')),
        HANDSHAKE_TIMEOUT_MS,
      );
      wake = () => {
        const end = Buffer.concat(chunks).indexOf(HEAD_END);
        if (end !== -1 || ended) {
          clearTimeout(timer);
          if (end === -1) reject(new LabFailure(502, 'The lab’s ws server hung up during the handshake.'));
          else resolve(end);
        }
      };
      failed.catch(reject);
    });
    const joined = Buffer.concat(chunks);
    if (!joined.subarray(0, 13).toString('latin1').startsWith('HTTP/1.1 101')) {
      throw new LabFailure(502, 'The lab’s ws server refused the handshake.');
    }
    chunks.length = 0;
    if (joined.length > headEnd + HEAD_END.length) chunks.push(joined.subarray(headEnd + HEAD_END.length));

    const started = performance.now();
    socket.write(bytes);
    await new Promise<void>((resolve) => {
      let quiet: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(deadline);
        clearTimeout(quiet);
        resolve();
      };
      const deadline = setTimeout(done, waitMs);
      wake = () => {
        if (ended) return done();
        // Once ws has said something, give it a moment for the rest (a close frame, then the end of TCP).
        clearTimeout(quiet);
        quiet = setTimeout(done, quietMs);
      };
      if (chunks.length > 0) wake();
    });
    return {
      received: Buffer.concat(chunks),
      closedTcp: ended,
      serverError: bare.takeError(socket.localPort ?? 0),
      waitedMs: Math.round(performance.now() - started),
    };
  } finally {
    socket.destroy();
  }
}

export function createFrameLab(options: FrameLabOptions): FrameLab {
  const waitMs = options.waitMs ?? 1500;
  const quietMs = options.quietMs ?? 250;
  let bare: Promise<BareServer> | undefined;
  const limitText = `at most ${FRAME_LAB_MAX_BYTES} bytes`;

  const handle = labRoute({
    path: FRAME_LAB_PATH,
    errorEvent: 'frame-lab-error',
    originPolicy: options.originPolicy,
    logger: options.logger,
    maxBytes: FRAME_LAB_MAX_BYTES,
    maxConcurrent: options.maxConcurrent ?? 4,
    words: {
      post: 'The frame lab takes POST with the frame bytes as the body.',
      tooLarge: (declared) =>
        declared === undefined
          ? `The lab sends ${limitText}.`
          : `The lab sends ${limitText}; this body has ${declared}.`,
      busy: 'The frame lab is busy with other readers; try again in a moment.',
      failed: 'The frame lab failed.',
    },
    async run(body, request) {
      if (body.length === 0) throw new LabFailure(400, 'There are no bytes to send: the body is empty.');
      bare ??= startBareServer().catch((error: unknown) => {
        bare = undefined;
        throw new LabFailure(502, `The lab's ws server could not start: ${(error as Error).message}`);
      });
      const result = await runLab(await bare, body, waitMs, quietMs);
      options.logger('frame-lab', {
        origin: request.headers.origin,
        sent: body.length,
        received: result.received.length,
        closedTcp: result.closedTcp,
        error: result.serverError?.code,
      });
      return serializeLabAnswer({ server: `ws ${WS_VERSION}`, ...result });
    },
  });

  return {
    handle,
    async close() {
      const server = bare;
      bare = undefined;
      if (server) await (await server).close();
    },
  };
}
