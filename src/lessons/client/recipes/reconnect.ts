export interface BackoffOptions {
  /** The longest first wait, in milliseconds; each failure doubles it. */
  readonly baseDelay?: number;
  /** No wait is ever longer than this. */
  readonly maxDelay?: number;
  /** A connection that stays open this long starts the count again. */
  readonly stableAfter?: number;
  /** Math.random, unless a test wants numbers it can predict. */
  readonly random?: () => number;
  /** The browser's WebSocket, unless the caller passes another of the same shape. */
  readonly WebSocket?: typeof globalThis.WebSocket;
  readonly onOpen?: (socket: WebSocket) => void;
  readonly onMessage?: (event: MessageEvent) => void;
  /** Told each time a connection ended and when the next attempt will be. */
  readonly onRetry?: (retry: { attempt: number; delay: number; code: number }) => void;
}

/**
 * The longest wait before retry number `attempt` (1, 2, 3…):
 * base, 2 × base, 4 × base…, never more than maxDelay.
 */
export function backoffBound(attempt: number, baseDelay: number, maxDelay: number): number {
  return Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
}

/**
 * Keeps a connection up: whenever it closes without being asked to, waits
 * and opens a new one. The waits grow exponentially so a server that is down
 * is not hammered, and each is a random fraction of its bound ("full
 * jitter") so that thousands of pages dropped at the same moment do not all
 * come back at the same moment.
 */
export function connectWithBackoff(url: string, options: BackoffOptions = {}) {
  const { baseDelay = 1000, maxDelay = 30_000, stableAfter = 10_000, random = Math.random } = options;
  const WebSocket = options.WebSocket ?? globalThis.WebSocket;
  let socket: WebSocket;
  let attempt = 0;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stableTimer: ReturnType<typeof setTimeout> | undefined;

  function open(): void {
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      // Reset only once the connection has lasted: a server that accepts and
      // then drops at once must still see the waits grow.
      stableTimer = setTimeout(() => (attempt = 0), stableAfter);
      options.onOpen?.(socket);
    });
    socket.addEventListener('message', (event) => options.onMessage?.(event));
    socket.addEventListener('close', (event) => {
      clearTimeout(stableTimer);
      if (stopped) return;
      attempt += 1;
      const delay = Math.floor(random() * backoffBound(attempt, baseDelay, maxDelay));
      options.onRetry?.({ attempt, delay, code: event.code });
      retryTimer = setTimeout(open, delay);
    });
  }

  open();
  return {
    send: (data: string) => socket.send(data),
    /** Closes for good: no more attempts. */
    close(): void {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(stableTimer);
      socket.close(1000, 'done');
    },
  };
}
