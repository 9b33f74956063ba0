import { encodeClosePayload } from '../../protocol/index.ts';
import { refuse, type Endpoint } from '../../service/endpoint.ts';
import type { Peer, Session } from '../../service/peer.ts';
import type { PlaygroundService } from '../../service/service.ts';
import { parseTarget } from '../../service/target.ts';

/**
 * The reader's own server, Simulated mode: their server code calls
 * `serve(handler)`, and the run's in-page service answers `/mine` with it,
 * beside the built-in endpoints. Whatever the reader's code throws is their
 * error, never the wire's: it is reported, and that connection closes with
 * 1011, the code for a server that met a condition it could not handle
 * (RFC 6455 §7.4.1).
 */

export const MINE_PATH = '/mine';

/** The close reason a broken session's connection gets with 1011. */
export const BROKEN_REASON = 'the server code threw an error';

/** What the handler learns of the request besides the peer. */
export interface ReaderRequest {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly origin: string | undefined;
  readonly protocols: readonly string[];
}

export type ReaderHandler = (peer: Peer, request: ReaderRequest) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function';
}

/** What `peer.send` takes, made into what the wire takes: a string, or bytes in any of their usual shapes. */
function wireData(data: unknown): string | Uint8Array {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(
    `peer.send takes a string or bytes (a Uint8Array or an ArrayBuffer), not ${data === null ? 'null' : typeof data}: to send an object, send JSON.stringify(value).`,
  );
}

/** The Peer the reader's handler gets: the wire's, with the reader's mistakes thrown as errors they can read. */
function readerPeer(peer: Peer): Peer {
  return {
    get origin() {
      return peer.origin;
    },
    get bufferedAmount() {
      return peer.bufferedAmount;
    },
    send: (data, options) => peer.send(wireData(data), options),
    ping: (payload) => peer.ping(payload === undefined ? undefined : (wireData(payload) as Uint8Array)),
    close: (code, reason) => {
      // Checked before anything is sent: a code no close frame may carry (§7.4.1, §7.4.2), a reason past 123 bytes (§5.5).
      if (code !== undefined) encodeClosePayload(code, reason === undefined ? '' : String(reason));
      peer.close(code, reason === undefined ? undefined : String(reason));
    },
    drop: () => peer.drop(),
    pauseReading: () => peer.pauseReading?.(),
    resumeReading: () => peer.resumeReading?.(),
    log: (event, fields) => peer.log(String(event), fields),
  };
}

/**
 * The session the handler returned, guarded: the first exception (or
 * rejected promise) of the handler or a method closes the connection with
 * 1011 and is reported; the session hears nothing more but its end. Nothing
 * the reader's code throws reaches the wire, whose close must go on.
 */
function guardedSession(peer: Peer, open: () => unknown, reportError: (thrown: unknown) => void): Session {
  let session: Partial<Session> = {};
  let broken = false;
  const report = (thrown: unknown): void => {
    try {
      reportError(thrown);
    } catch {
      // The report could not be made (the reader's code broke what it uses): the wire goes on all the same.
    }
  };
  const fail = (thrown: unknown): void => {
    if (broken) return;
    broken = true;
    // Closed first: whatever the report meets, the connection does not hang open.
    peer.close(1011, BROKEN_REASON);
    report(thrown);
  };
  const call = (run: () => unknown): void => {
    if (broken) return;
    try {
      const result = run();
      if (isThenable(result)) result.then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  };
  call(() => {
    const made = open();
    if (isThenable(made)) {
      throw new TypeError("serve's handler must return the session { message, closed } itself, not a promise of it.");
    }
    if (made !== undefined && made !== null && typeof made !== 'object') {
      throw new TypeError(
        `serve's handler must return an object { message(data), closed(code, reason) }, not a ${typeof made}.`,
      );
    }
    session = (made ?? {}) as Partial<Session>;
  });
  return {
    message: (data) => call(() => session.message?.(data)),
    pong: (payload) => call(() => session.pong?.(payload)),
    closed: (code, reason) => {
      // The connection is gone either way: an error here is only reported.
      try {
        const result = session.closed?.(code, reason);
        if (isThenable(result)) result.then(undefined, report);
      } catch (error) {
        report(error);
      }
    },
  };
}

/** `serve(handler)` and the `/mine` endpoint it feeds. */
export class ReaderServer {
  readonly #report: (thrown: unknown) => void;
  #handler: ReaderHandler | undefined;

  /** `report`: an error of the reader's server code. */
  constructor(report: (thrown: unknown) => void) {
    this.#report = report;
  }

  /** The reader's `serve`: the last handler given answers every later connection. */
  readonly serve = (handler: unknown): void => {
    if (typeof handler !== 'function') {
      throw new TypeError('serve takes a function: serve((peer, request) => ({ message(data) {}, closed() {} }))');
    }
    this.#handler = handler as ReaderHandler;
  };

  readonly endpoint: Endpoint = {
    path: MINE_PATH,
    summary: 'your own server: the handler your server code gave serve()',
    admit: (target, handshake) => {
      const handler = this.#handler;
      if (!handler) return refuse(`no server code called serve(handler), so ${MINE_PATH} has nothing to answer`, 404);
      const request: ReaderRequest = {
        path: target.path,
        query: Object.fromEntries(target.query),
        origin: handshake.origin,
        protocols: [...handshake.protocols],
      };
      return { ok: true, open: (peer) => guardedSession(peer, () => handler(readerPeer(peer), request), this.#report) };
    },
  };
}

/** `service` with one more endpoint, which answers its path before the service is asked. */
export function withEndpoint(service: PlaygroundService, endpoint: Endpoint): PlaygroundService {
  const owns = (target: string): boolean => parseTarget(target).path === endpoint.path;
  return {
    endpoints: [...service.endpoints, endpoint],
    auth: service.auth,
    isWebSocketPath: (path) => path === endpoint.path || service.isWebSocketPath(path),
    protocolsFor: (target) => (owns(target) ? (endpoint.protocols ?? []) : service.protocolsFor(target)),
    admit: (target, handshake) =>
      owns(target) ? endpoint.admit(parseTarget(target), handshake) : service.admit(target, handshake),
  };
}
