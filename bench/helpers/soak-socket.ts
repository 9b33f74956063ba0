/**
 * The soak's client connections: open one and learn why it failed, wait for
 * a condition the messages fulfil, close one and wait until it is closed.
 * Every wait is bounded, so a server that stops answering shows up as lost
 * messages and a reason, not a hung bench.
 */
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { Ledger, SoakEndpoint } from './soak-ledger.ts';

/** The longest a handshake, an answer or a close handshake may take. */
export const ANSWER_LIMIT_MS = 10_000;

/** What a refused handshake said: its status and, cut short, the reason in its body. */
function refusal(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (body += chunk));
    const done = (): void => resolve(`refused ${response.statusCode}: ${body.trim().slice(0, 160)}`);
    response.once('end', done);
    response.once('error', done);
  });
}

/**
 * Opens a connection and hands it to `attach` at once, in the 'open' event:
 * the server's first message (a welcome) may be in the same packet as its
 * 101 and is emitted before an awaiting caller would resume. Resolves with
 * what `attach` returns, or with undefined when the connection could not be
 * opened (the reason recorded).
 */
export function openSocket<T>(
  url: string,
  endpoint: SoakEndpoint,
  ledger: Ledger,
  attach: (socket: WebSocket) => T,
): Promise<T | undefined> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: ANSWER_LIMIT_MS });
    const failed = (reason: string): void => {
      ledger.problem(endpoint, reason);
      resolve(undefined);
    };
    socket.once('open', () => {
      socket.off('error', onError);
      resolve(attach(socket));
    });
    // With this listener ws leaves the refused request to us: read why, then let it go.
    socket.once('unexpected-response', (request, response) => {
      void refusal(response).then((reason) => {
        request.destroy();
        failed(reason);
      });
    });
    const onError = (error: NodeJS.ErrnoException): void => failed(`handshake failed: ${error.code ?? error.message}`);
    socket.once('error', onError);
  });
}

/**
 * Resolves true once `check` holds, tested after each message and at the
 * close; false when the connection closes or `limitMs` passes first. Listen
 * for the messages that change what `check` reads before calling this.
 */
export function waitUntil(socket: WebSocket, check: () => boolean, limitMs = ANSWER_LIMIT_MS): Promise<boolean> {
  if (check()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (result: boolean): void => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
      resolve(result);
    };
    const onMessage = (): void => {
      if (check()) done(true);
    };
    const onClose = (): void => done(check());
    const timer = setTimeout(() => done(false), limitMs);
    socket.on('message', onMessage);
    socket.on('close', onClose);
  });
}

/** Closes with 1000 (§7.4.1) and waits for the server's answer; cuts the connection after ANSWER_LIMIT_MS. */
export async function closeSocket(socket: WebSocket, endpoint: SoakEndpoint, ledger: Ledger): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return;
  const closed = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ANSWER_LIMIT_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  socket.close(1000);
  if (!(await closed)) {
    ledger.problem(endpoint, 'no close frame back in time');
    socket.terminate();
  }
}

/** A server message as JSON (`T`: the messages of its endpoint), or undefined and a problem recorded when it is not. */
export function parseJson<T>(data: WebSocket.RawData, endpoint: SoakEndpoint, ledger: Ledger): T | undefined {
  try {
    return JSON.parse(data.toString()) as T;
  } catch {
    ledger.problem(endpoint, 'a message that is not JSON');
    return undefined;
  }
}

/**
 * Watches a connection the bench means to keep until it closes it: an error
 * or a close the bench did not ask for is recorded, with the close code and
 * reason the server gave, and `onLost` runs. Returns the bench's own close.
 */
export function guard(
  socket: WebSocket,
  endpoint: SoakEndpoint,
  ledger: Ledger,
  label: string,
  onLost?: () => void,
): () => Promise<void> {
  let closing = false;
  socket.on('error', (error) => ledger.problem(endpoint, `${label}: ${error.message}`));
  socket.on('close', (code, reason) => {
    if (closing) return;
    ledger.problem(endpoint, `${label} closed by the server: ${code} ${reason.toString()}`.trim());
    onLost?.();
  });
  return () => {
    closing = true;
    return closeSocket(socket, endpoint, ledger);
  };
}

/**
 * Waits for `check` as waitUntil does; when it does not come, stops reading
 * (so nothing is counted twice), counts `missing()` messages as lost and
 * records what was awaited. Resolves with whether it came.
 */
export async function expectOrCount(
  socket: WebSocket,
  endpoint: SoakEndpoint,
  ledger: Ledger,
  what: string,
  check: () => boolean,
  missing: () => number,
): Promise<boolean> {
  if (await waitUntil(socket, check)) return true;
  socket.removeAllListeners('message');
  ledger.tallies[endpoint].lost += missing();
  ledger.problem(endpoint, `churn: ${what} did not come within ${ANSWER_LIMIT_MS / 1000} s`);
  return false;
}
