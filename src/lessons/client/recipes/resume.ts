import { backoffBound } from './reconnect.ts';

/** One numbered item of the stream, as the server sends it. */
export interface Item {
  readonly type: 'item';
  readonly seq: number;
  readonly at: number;
}

/** The messages of the playground's /resume stream a client acts on. */
type StreamMessage =
  | { readonly type: 'stream'; readonly stream: string }
  | Item
  | { readonly type: 'gap'; readonly missing: number; readonly message: string }
  | { readonly type: 'end'; readonly last: number };

export interface StreamOptions {
  /** The browser's WebSocket, unless the caller passes another of the same shape. */
  readonly WebSocket?: typeof globalThis.WebSocket;
  /** Each item handed to the application, in order. */
  readonly onItem: (item: Item) => void;
  /** Each connection once open (the demo asks the server to drop it). */
  readonly onOpen?: (socket: WebSocket) => void;
  /** A connection ended; `retryIn` is the wait before the next, or undefined when there is none. */
  readonly onClose?: (close: { code: number; retryIn: number | undefined }) => void;
  /** The server could not replay everything: these items are lost for good. */
  readonly onGap?: (gap: { missing: number; message: string }) => void;
  /** The stream has sent its last item. */
  readonly onEnd?: (last: number) => void;
  /** Milliseconds before reconnect number `attempt`; full jitter under the backoff bound by default. */
  readonly retryDelay?: (attempt: number) => number;
  /** Acknowledge after this many new items (default 5). */
  readonly ackEvery?: number;
}

const jitteredBackoff = (attempt: number): number => Math.floor(Math.random() * backoffBound(attempt, 1000, 30_000));

/** The stream's URL again, with these query parameters instead of the ones that started it. */
function streamUrl(url: string, params: Record<string, string>): string {
  const next = new URL(url);
  next.search = new URLSearchParams(params).toString();
  return next.href;
}

/**
 * The naive client: on a drop it reconnects to the same stream and just
 * listens. Whatever the server sent while it was away never arrives, and
 * nothing tells it so.
 */
export function followNaively(url: string, options: StreamOptions) {
  const WebSocket = options.WebSocket ?? globalThis.WebSocket;
  const retryDelay = options.retryDelay ?? jitteredBackoff;
  let socket: WebSocket;
  let stream: string | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function open(): void {
    socket = new WebSocket(stream === undefined ? url : streamUrl(url, { stream }));
    socket.addEventListener('open', () => options.onOpen?.(socket));
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(event.data as string) as StreamMessage;
      if (message.type === 'stream') stream = message.stream;
      if (message.type === 'item') options.onItem(message);
      if (message.type === 'end') {
        stopped = true;
        options.onEnd?.(message.last);
      }
    });
    socket.addEventListener('close', (event) => {
      const retry = !stopped && (event.code === 1006 || event.code === 1001);
      const retryIn = retry ? retryDelay(++attempt) : undefined;
      options.onClose?.({ code: event.code, retryIn });
      if (retryIn !== undefined) timer = setTimeout(open, retryIn);
    });
  }

  open();
  return {
    close(): void {
      stopped = true;
      clearTimeout(timer);
      socket.close(1000, 'done');
    },
  };
}

/**
 * The resumable client: remembers the last item it saw, resumes from it
 * after a drop (the server replays what it still keeps), drops any item it
 * has seen already, and acknowledges what arrived so the server can forget
 * it. If the server no longer has an item, its `gap` message says so, and
 * the application hears of it instead of never knowing.
 */
export function followResumably(url: string, options: StreamOptions) {
  const WebSocket = options.WebSocket ?? globalThis.WebSocket;
  const retryDelay = options.retryDelay ?? jitteredBackoff;
  const ackEvery = options.ackEvery ?? 5;
  let socket: WebSocket;
  let stream: string | undefined;
  let lastSeen = 0;
  let lastAcked = 0;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function receive(message: StreamMessage): void {
    switch (message.type) {
      case 'stream':
        stream = message.stream;
        return;
      case 'item':
        // Seen already (a replay overlapping what arrived): hand nothing on twice.
        if (message.seq <= lastSeen) return;
        lastSeen = message.seq;
        // Items flow again: the next drop starts the waits over.
        attempt = 0;
        options.onItem(message);
        if (lastSeen - lastAcked >= ackEvery) {
          socket.send(JSON.stringify({ type: 'ack', seq: lastSeen }));
          lastAcked = lastSeen;
        }
        return;
      case 'gap':
        options.onGap?.(message);
        return;
      case 'end':
        stopped = true;
        options.onEnd?.(message.last);
    }
  }

  function open(): void {
    const target = stream === undefined ? url : streamUrl(url, { stream, from: String(lastSeen) });
    socket = new WebSocket(target);
    socket.addEventListener('open', () => options.onOpen?.(socket));
    socket.addEventListener('message', (event) => receive(JSON.parse(event.data as string) as StreamMessage));
    socket.addEventListener('close', (event) => {
      // Only a lost connection (1006) or a server going away (1001) is worth another try.
      const retry = !stopped && (event.code === 1006 || event.code === 1001);
      const retryIn = retry ? retryDelay(++attempt) : undefined;
      options.onClose?.({ code: event.code, retryIn });
      if (retryIn !== undefined) timer = setTimeout(open, retryIn);
    });
  }

  open();
  return {
    close(): void {
      stopped = true;
      clearTimeout(timer);
      socket.close(1000, 'done');
    },
  };
}
