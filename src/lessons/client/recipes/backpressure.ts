/**
 * Two producers faster than the network, each against a server that reads
 * slowly. With WebSocket nothing ever waits: send() returns at once and only
 * bufferedAmount grows, so the page must watch it itself (the standard has a
 * browser whose buffer is full close the connection, WHATWG WebSockets
 * Standard §3.1, send(); Chromium queues on). With WebSocketStream, write()
 * returns a promise that waits for room, so a producer that awaits it goes at
 * the reader's pace.
 */
import type { WebSocketStreamLike } from '../../../transport/websocket-stream.ts';

/** WebSocketStream's constructor: not in TypeScript's DOM types yet. */
type WebSocketStreamClass = new (url: string) => WebSocketStreamLike;

/**
 * The classic API: sends `perTick` chunks every `everyMs` and never waits.
 * Stops adding while `limit` bytes are queued: a page must cap the queue
 * itself. Returns how to stop the loop and how many bytes it has sent.
 */
export function sendInALoop(
  socket: WebSocket,
  chunk: Uint8Array,
  { perTick, everyMs, limit }: { perTick: number; everyMs: number; limit: number },
) {
  let sent = 0;
  const timer = setInterval(() => {
    if (socket.bufferedAmount >= limit) return;
    for (let i = 0; i < perTick; i++) {
      socket.send(chunk);
      sent += chunk.byteLength;
    }
  }, everyMs);
  return { stop: () => clearInterval(timer), sentBytes: () => sent };
}

/** Opens a WebSocketStream, the browser's own unless another of the same shape is given. */
export async function openStream(
  url: string,
  Stream = (globalThis as { WebSocketStream?: WebSocketStreamClass }).WebSocketStream,
) {
  if (!Stream) throw new Error('This browser has no WebSocketStream.');
  const stream = new Stream(url);
  const { readable, writable } = await stream.opened;
  return { stream, reader: readable.getReader(), writer: writable.getWriter() };
}

/**
 * WebSocketStream: each write resolves once the browser has room for the
 * message, so this loop runs exactly as fast as the network and the server
 * take the bytes, and nothing piles up in the page.
 */
export async function writeInALoop(
  writer: WritableStreamDefaultWriter<unknown>,
  chunk: Uint8Array,
  keepGoing: () => boolean,
  onWritten: (bytes: number) => void,
): Promise<void> {
  while (keepGoing()) {
    await writer.write(chunk);
    onWritten(chunk.byteLength);
  }
}

/** Reads one message at a time: until read() is called again, the browser takes no more off the connection. */
export async function readEach(
  reader: ReadableStreamDefaultReader<string | ArrayBuffer>,
  onMessage: (data: string | ArrayBuffer) => void,
): Promise<void> {
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    onMessage(value);
  }
}
