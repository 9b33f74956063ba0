/**
 * A WebSocket client made of a bare TCP socket, for bytes no real client
 * would send: the handshake written by hand, frames built with `encodeFrame`
 * (broken ones included), and the server's answer read back byte for byte.
 */
import { connect, type Socket } from 'node:net';
import { decodeFrame, decodeClosePayload, encodeFrame, type Frame, Opcode } from '../../../src/protocol/index.ts';

/** A fixed masking key: the tests replay exactly (§5.3 wants it random for real clients). */
export const MASK = new Uint8Array([0x37, 0xfa, 0x21, 0x3d]);

/** The key of §1.3's example; its accept value is `s3pPLMBiTxaQ9kYGzzhZRbK+xOo=`. */
export const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** An opening handshake (§4.1) for `target`, with no Origin: a non-browser client. */
export function handshakeRequest(target: string, port: number): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${SAMPLE_KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`
  );
}

/** A masked client frame (§5.3), as a Buffer the socket can keep. */
export function clientFrame(opcode: number, payload: Uint8Array | string, fields: { fin?: boolean } = {}): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.from(encodeFrame({ opcode, payload: bytes, mask: MASK, ...fields }));
}

/** A close frame from the client with this code and, raw, this reason. */
export function clientClose(code: number, reason: Uint8Array = new Uint8Array(0)): Buffer {
  const payload = new Uint8Array(2 + reason.length);
  payload[0] = code >>> 8;
  payload[1] = code & 0xff;
  payload.set(reason, 2);
  return clientFrame(Opcode.close, payload);
}

export interface RawClient {
  readonly socket: Socket;
  /** Everything the server sent, in one buffer. */
  received(): Buffer;
  /** Whether the server has ended its side, or the socket is gone. */
  readonly ended: boolean;
  /** Resolves once `check` holds or the socket has closed, and after `timeoutMs` at the latest. */
  until(check: () => boolean, timeoutMs: number): Promise<boolean>;
  /** Resolves when the socket has closed; false if it was still open after `timeoutMs`. */
  closed(timeoutMs: number): Promise<boolean>;
}

/** Connects to 127.0.0.1:`port` and collects what the server sends. */
export function rawConnect(port: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let ended = false;
    let closed = false;
    const waiters = new Set<() => void>();
    const wake = (): void => {
      for (const waiter of [...waiters]) waiter();
    };
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
      closed = true;
      wake();
    });
    // A reset after the server gave up on us is an expected ending, not a test failure.
    socket.on('error', () => {});
    const client: RawClient = {
      socket,
      received: () => (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)),
      get ended() {
        return ended;
      },
      until(check, timeoutMs) {
        return new Promise((done) => {
          const finish = (): void => {
            clearTimeout(timer);
            waiters.delete(test);
            done(check());
          };
          const test = (): void => {
            if (check() || closed) finish();
          };
          const timer = setTimeout(finish, timeoutMs);
          waiters.add(test);
          test();
        });
      },
      async closed(timeoutMs) {
        await client.until(() => closed, timeoutMs);
        return closed;
      },
    };
    socket.once('connect', () => resolve(client));
    socket.once('error', reject);
  });
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** The HTTP response head the server sent, or undefined while it is incomplete. */
export function responseHead(bytes: Buffer): string | undefined {
  const end = bytes.indexOf(HEAD_END);
  return end === -1 ? undefined : bytes.subarray(0, end).toString('latin1');
}

/** Opens a WebSocket connection by hand and waits for the 101; throws with what came instead. */
export async function rawWebSocket(port: number, target = '/echo'): Promise<RawClient> {
  const client = await rawConnect(port);
  client.socket.write(handshakeRequest(target, port));
  await client.until(() => responseHead(client.received()) !== undefined, 5000);
  const head = responseHead(client.received());
  if (!head?.startsWith('HTTP/1.1 101 ')) {
    client.socket.destroy();
    throw new Error(`the handshake for ${target} was not accepted: ${JSON.stringify(head ?? client.received())}`);
  }
  return client;
}

/** The frames the server sent after its 101 response, as far as they are complete. */
export function serverFrames(client: RawClient): Frame[] {
  const bytes = client.received();
  let offset = bytes.indexOf(HEAD_END) + HEAD_END.length;
  const frames: Frame[] = [];
  for (;;) {
    const decoded = decodeFrame(bytes.subarray(offset), { expectMasked: false });
    if (!decoded) return frames;
    frames.push(decoded.frame);
    offset += decoded.size;
  }
}

/** Waits for the server's close frame and returns its code (1005 for an empty body), or undefined if none came. */
export async function serverCloseCode(client: RawClient, timeoutMs = 5000): Promise<number | undefined> {
  const closeFrame = (): Frame | undefined => serverFrames(client).find((frame) => frame.opcode === Opcode.close);
  await client.until(() => closeFrame() !== undefined, timeoutMs);
  const frame = closeFrame();
  return frame ? decodeClosePayload(frame.payload).code : undefined;
}
