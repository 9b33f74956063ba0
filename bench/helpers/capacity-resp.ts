/**
 * Redis's wire protocol (RESP2) by hand, for the capacity bench's load.
 * ioredis spends several µs of this process's core per command, more than
 * Redis spends on a publish; with Redis and the bench sharing two cores, a
 * client built on it would measure itself. Here commands are prebuilt bytes
 * written in batches, and replies and pushed messages are counted by their
 * bytes: every unit of work the bench sends gets replies of a known size,
 * and every message a subscriber gets is a frame of a known size (the
 * envelopes are made the same length on purpose, capacity-pubsub.ts).
 */
import { connect as tcpConnect, type Socket } from 'node:net';

/** A command as RESP: an array of bulk strings. */
export function resp(...args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/** The bytes of a bulk string reply or array element holding `text`. */
const bulk = (text: string): number => `$${Buffer.byteLength(text)}\r\n`.length + Buffer.byteLength(text) + 2;

/** A pushed message as a subscriber receives it: `message` (classic) or `smessage` (sharded). */
export function pushBytes(kind: 'message' | 'smessage', channel: string, payload: string): number {
  return 4 + bulk(kind) + bulk(channel) + bulk(payload);
}

/** The answer to a (S)SUBSCRIBE of one channel, the connection's `count`-th. */
function subscribedBytes(kind: 'subscribe' | 'ssubscribe', channel: string, count: number): number {
  return 4 + bulk(kind) + bulk(channel) + `:${count}\r\n`.length;
}

/** A raw TCP connection to one Redis node, counting the bytes it receives. */
export class RawConnection {
  readonly socket: Socket;
  /** Bytes received since the last `reset`. */
  received = 0;
  /** Called with each chunk as it arrives and the count of bytes received before it (since `reset`). */
  onChunk: ((chunk: Buffer, before: number) => void) | undefined;
  #subscribed = 0;
  #closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.once('close', () => (this.#closed = true));
    socket.on('data', (chunk: Buffer) => {
      const before = this.received;
      this.received += chunk.length;
      this.onChunk?.(chunk, before);
    });
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = tcpConnect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', () => {});
        resolve(new RawConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Writes `bytes`; resolves once the socket takes more (at once, unless its buffer is full). */
  async write(bytes: string | Buffer): Promise<void> {
    if (!this.socket.write(bytes)) await new Promise((resolve) => this.socket.once('drain', resolve));
  }

  /** Follows `channels` (one command each, as SSUBSCRIBE needs) and waits for every answer; then counts from 0. */
  async subscribe(kind: 'subscribe' | 'ssubscribe', channels: readonly string[]): Promise<void> {
    const start = this.received;
    let expected = 0;
    for (const channel of channels) expected += subscribedBytes(kind, channel, ++this.#subscribed);
    await this.write(channels.map((channel) => resp(kind.toUpperCase(), channel)).join(''));
    await this.until(start + expected, `${channels.length} ${kind} answers`);
    this.reset();
  }

  /** Waits (at most 30 s) until `bytes` have been received since the last reset. */
  async until(bytes: number, what: string): Promise<void> {
    const deadline = performance.now() + 30_000;
    while (this.received < bytes) {
      if (this.#closed) throw new Error(`Redis closed the connection: ${what} (${this.received} of ${bytes} bytes)`);
      if (performance.now() > deadline) throw new Error(`timed out: ${what} (${this.received} of ${bytes} bytes)`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /**
   * Waits until `bytes` have been received since the last reset, or until nothing more arrives for
   * `quietMs` (pub/sub delivers at most once: what a cluster's bus drops never comes); answers what came.
   */
  async settle(bytes: number, quietMs = 1000): Promise<number> {
    let last = this.received;
    let lastAt = performance.now();
    while (this.received < bytes && !this.#closed && performance.now() - lastAt < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (this.received !== last) [last, lastAt] = [this.received, performance.now()];
    }
    return this.received;
  }

  reset(): void {
    this.received = 0;
  }

  close(): void {
    this.socket.destroy();
  }
}
