import type { Client, Server, WebSocket as MockSocket } from 'mock-socket';
import {
  createOriginPolicy,
  headerValue,
  redactTraceEvent,
  Side,
  type DeflateTraceReader,
  type OriginPolicy,
  type HandshakeRequestEvent,
  type TraceEvent,
  type HeaderList,
} from '../protocol/index.ts';
import { HEARTBEAT_MS, missedPongNote } from '../service/heartbeat.ts';
import { serverLogNote } from '../service/log-line.ts';
import type { Peer, Session } from '../service/peer.ts';
import type { PlaygroundService } from '../service/service.ts';
import { browserRequestHeaders, handshakeRequestEvent, newKey } from './browser-request.ts';
import { endpointUrl } from './endpoint-url.ts';
import type { FrameDeflate, FrameEndpoint } from './frame-endpoint.ts';
import { ReadyState, type PlaygroundSocket, type SocketData } from './playground-socket.ts';
import type { answerHandshake, ServerAnswer } from './server-handshake.ts';
import { pageCookies, type SimulatedCookieJar } from './simulated-cookies.ts';

/**
 * The simulated wire: a WebSocket-shaped object whose server is the page's
 * own PlaygroundService. mock-socket only carries bytes between the two
 * ends; everything a real connection shows is built here with src/protocol:
 * the upgrade request a browser sends and the server's answer, every frame
 * (client frames masked with a fresh key), the closing handshake, browser
 * close codes and `wasClean`, `binaryType`, `bufferedAmount`. Every event
 * it reports has its tickets, tokens and session ids starred first, as the
 * live server's are.
 */

export interface SimulatedOptions {
  /** The server; the page's loads with its first simulated connection (page-service.ts). */
  readonly service: PlaygroundService | Promise<PlaygroundService>;
  /** The live server's URL: the simulated server pretends to live there. */
  readonly serverUrl: string;
  /** The endpoint target, such as `/echo?x=1`. */
  readonly target: string;
  readonly protocols?: string | readonly string[] | undefined;
  /** Receives every trace event of the wire, in order. */
  readonly trace?: ((event: TraceEvent) => void) | undefined;
  /** Milliseconds each direction takes; 0 by default. */
  readonly latency?: { readonly up: number; readonly down: number } | undefined;
  /** How often the server pings, as the live server does; its HEARTBEAT_MS by default. */
  readonly heartbeatMs?: number | undefined;
  /**
   * Largest message the server accepts, inflated size for a compressed one: a
   * bigger one closes with 1009, as the live server's MAX_MESSAGE_BYTES does
   * (a compressed bomb is not inflated past it). None by default.
   */
  readonly maxMessageBytes?: number | undefined;
  /**
   * The page's origin as the handshake says it: another site's, to show what
   * its page gets. The simulated server then checks an allowlist that holds
   * this page's own origin alone, as the live server checks ALLOWED_ORIGINS,
   * and the jar's SameSite cookies stay home. This page's by default.
   */
  readonly origin?: string | undefined;
  /** The browser's cookie jar: its cookies for the server's host go as `Cookie`. The page's one by default. */
  readonly cookies?: SimulatedCookieJar | undefined;
}

/** Each end's permessage-deflate, once agreed. */
interface DeflateEnds {
  readonly browser: FrameDeflate | undefined;
  readonly server: FrameDeflate | undefined;
}

const NO_DEFLATE: DeflateEnds = { browser: undefined, server: undefined };

type Accepted = Extract<ServerAnswer, { accepted: true }>;

/**
 * What a connection needs once it has started: mock-socket, the server's side
 * of the handshake, the frame codec. Loaded with the first simulated
 * connection, as the service is: a page that never connects never downloads them.
 */
interface FarEnd {
  readonly Server: typeof Server;
  readonly MockSocket: typeof MockSocket;
  readonly answerHandshake: typeof answerHandshake;
  readonly FrameEndpoint: typeof FrameEndpoint;
}

let farEndLoading: Promise<FarEnd> | undefined;

function loadFarEnd(): Promise<FarEnd> {
  farEndLoading ??= Promise.all([
    import('mock-socket'),
    import('./server-handshake.ts'),
    import('./frame-endpoint.ts'),
  ]).then(([pipe, handshake, frames]) => ({
    Server: pipe.Server,
    MockSocket: pipe.WebSocket,
    answerHandshake: handshake.answerHandshake,
    FrameEndpoint: frames.FrameEndpoint,
  }));
  return farEndLoading;
}

const utf8 = new TextEncoder();
let connectionCount = 0;

/**
 * How long the server waits for the browser's close frame after sending its
 * own before it drops the connection: ws's `closeTimeout` (websocket.js). A
 * page that has stopped reading never answers.
 */
export const SERVER_CLOSE_TIMEOUT_MS = 30_000;

/**
 * What the buffers between the page and the server hold (both ends' TCP
 * buffers, the browser's own) once the server stops reading: past it, what
 * `send` queues stays in `bufferedAmount`. Real ones are sized by the
 * operating systems, often several MB; 1 MiB keeps a burst of the lesson's
 * demos (768 KiB) in one go, as on the live wire.
 */
export const NETWORK_BUFFER_BYTES = 1024 * 1024;

/**
 * The site of an origin, as this simulation reckons it: scheme and host (no
 * Public Suffix List). Two origins of one site differ at most in the port.
 */
function siteOf(origin: string): string {
  try {
    const url = new URL(origin);
    return `${url.protocol}//${url.hostname}`;
  } catch {
    return origin;
  }
}

/** The server-wide allowlist the simulated server checks for a page given another origin: this page's origin alone. */
function pageOnlyPolicy(): OriginPolicy | undefined {
  try {
    return createOriginPolicy([globalThis.location.origin]);
  } catch {
    // An opaque page origin ("null", a file: page) makes no allowlist: nothing is checked.
    return undefined;
  }
}

/** An HTTP token (RFC 9110 §5.6.2): what a subprotocol name must be (§4.1). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkProtocols(protocols: string | readonly string[] | undefined): string[] {
  const list = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : [...protocols];
  const seen = new Set<string>();
  for (const name of list) {
    if (!TOKEN.test(name) || seen.has(name)) {
      throw new DOMException(
        `Failed to construct 'WebSocket': The subprotocol '${name}' is invalid or duplicated.`,
        'SyntaxError',
      );
    }
    seen.add(name);
  }
  return list;
}

/**
 * The code as Chromium reads close()'s `[Clamp] unsigned short` argument:
 * anything that is not a number becomes 0, the rest is clamped to 0-65535 and
 * its fraction dropped (WebIDL would round to even; Chromium truncates).
 */
export function clampCloseCode(code: unknown): number {
  const value = Number(code);
  if (Number.isNaN(value)) return 0;
  return Math.trunc(Math.min(Math.max(value, 0), 65535));
}

function byteLength(data: SocketData): number {
  if (typeof data === 'string') return utf8.encode(data).byteLength;
  if (data instanceof Blob) return data.size;
  return data.byteLength;
}

/**
 * What `send` hands to the wire. Bytes are copied at once: the caller may
 * reuse its buffer right after `send`. A Blob is immutable and is read later,
 * in order.
 */
function snapshot(data: SocketData): string | Blob | Uint8Array {
  if (typeof data === 'string' || data instanceof Blob) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return new Uint8Array(data).slice();
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

export class SimulatedWebSocket extends EventTarget implements PlaygroundSocket {
  static readonly CONNECTING = ReadyState.connecting;
  static readonly OPEN = ReadyState.open;
  static readonly CLOSING = ReadyState.closing;
  static readonly CLOSED = ReadyState.closed;

  /** The URL as the reader would see it in Live mode. */
  readonly url: string;
  /** How binary messages are delivered: a Blob (the browser default) or an ArrayBuffer. */
  binaryType: BinaryType = 'blob';

  readonly #options: SimulatedOptions;
  readonly #startedAt = performance.now();
  #readyState: ReadyState = ReadyState.connecting;
  #protocol = '';
  #extensions = '';
  #bufferedAmount = 0;
  /** Adds the inflated payload to the frames that end compressed messages, as on the live wire; once agreed. */
  #deflateTrace: DeflateTraceReader | undefined;
  /** Sends in order: a Blob takes a moment to read, and must not be overtaken. */
  #outgoing: Promise<void> = Promise.resolve();
  #server: Server | undefined;
  #pipe: MockSocket | undefined;
  #client: FrameEndpoint | undefined;
  #session: Session | undefined;
  #stopHeartbeat: (() => void) | undefined;
  /** The server pinged and no pong has come back yet. */
  #awaitingPong = false;
  /** The close frame the browser received: its code and reason become the close event's (§7.1.5). */
  #received: { code: number; reason: string } | undefined;
  #tcpOpen = false;
  /** Whether the page asked for subprotocols: then a 101 that names none fails the connection. */
  #offered = false;
  /** The browser failed the connection on a protocol error: the page hears an error event first (§7.1.7). */
  #failed = false;
  /** The page reads nothing while true: what the server sends waits in `#unread`. */
  #paused = false;
  /** The bytes that reached the paused page and that it has not read, in order. */
  #unread: Uint8Array[] = [];
  #unreadBytes = 0;
  #stopCloseTimer: (() => void) | undefined;
  /** Bytes the page has written that the server has not read yet: at most about NETWORK_BUFFER_BYTES. */
  #inFlight = 0;
  /** Sends waiting for room in the network buffer, in order. */
  #roomWaiters: (() => void)[] = [];
  /** The server reads nothing while true (Peer.pauseReading): the page's bytes wait in `#serverUnread`. */
  #serverPaused = false;
  #serverUnread: Uint8Array[] = [];
  /** The handshake's Origin: the page's own, or the option's. */
  readonly #origin: string;

  constructor(options: SimulatedOptions) {
    super();
    this.#options = options;
    this.url = endpointUrl(options.serverUrl, options.target);
    const protocols = checkProtocols(options.protocols);
    this.#offered = protocols.length > 0;
    this.#origin = options.origin ?? globalThis.location.origin;
    // A browser sends the page's cookies for the server's host, but a SameSite one not from a page on another site.
    const crossSite = siteOf(this.#origin) !== siteOf(globalThis.location.origin);
    const cookie = (options.cookies ?? pageCookies).header(this.url, crossSite);
    const headers = browserRequestHeaders({
      host: new URL(this.url).host,
      key: newKey(),
      protocols,
      origin: this.#origin,
      ...(cookie !== undefined && { cookie }),
    });
    void this.#handshake(headers);
  }

  get readyState(): ReadyState {
    return this.#readyState;
  }

  /** The subprotocol the server chose; empty until the connection is open. */
  get protocol(): string {
    return this.#protocol;
  }

  /** The extensions the server agreed, its Sec-WebSocket-Extensions as Chromium reports it; empty until open. */
  get extensions(): string {
    return this.#extensions;
  }

  /** Bytes queued by `send` and not yet handed to the wire. */
  get bufferedAmount(): number {
    return this.#bufferedAmount;
  }

  send(data: SocketData): void {
    if (this.#readyState === ReadyState.connecting) {
      throw new DOMException(
        "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.",
        'InvalidStateError',
      );
    }
    const size = byteLength(data);
    this.#bufferedAmount += size;
    // After close the browser drops the data but still counts it (WHATWG WebSockets, send()).
    if (this.#readyState !== ReadyState.open) return;
    const queued = snapshot(data);
    this.#outgoing = this.#outgoing.then(async () => {
      const message = queued instanceof Blob ? new Uint8Array(await queued.arrayBuffer()) : queued;
      // A server that stopped reading: the network buffer fills, and what follows stays in bufferedAmount.
      if (this.#inFlight >= NETWORK_BUFFER_BYTES) await new Promise<void>((room) => this.#roomWaiters.push(room));
      if (this.#readyState === ReadyState.open) this.#client?.sendMessage(message);
      this.#bufferedAmount -= size;
    });
  }

  close(code?: number, reason?: string): void {
    // Chromium converts the code whenever a reason follows it, so close(undefined, 'bye') checks code 0.
    const checked = code === undefined && reason === undefined ? undefined : clampCloseCode(code);
    if (checked !== undefined && checked !== 1000 && (checked < 3000 || checked > 4999)) {
      throw new DOMException(
        `Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${checked} is neither.`,
        'InvalidAccessError',
      );
    }
    code = checked;
    if (reason !== undefined) reason = String(reason);
    if (reason !== undefined && utf8.encode(reason).byteLength > 123) {
      // §5.5: a control frame's payload is at most 125 bytes, 2 of them the code.
      throw new DOMException(
        "Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.",
        'SyntaxError',
      );
    }
    if (this.#readyState === ReadyState.closing || this.#readyState === ReadyState.closed) return;
    const connecting = this.#readyState === ReadyState.connecting;
    this.#readyState = ReadyState.closing;
    if (connecting) {
      this.#failSoon();
      return;
    }
    this.#client?.sendClose(code, reason);
  }

  /**
   * Simulation only: the page stops reading, as a page whose WebSocketStream
   * readable nobody reads. What the server sends waits unread, and the
   * server's Peer.bufferedAmount counts it: here there is no kernel buffer
   * in between to fill first, so a server's limit trips after fewer bytes
   * than on the live wire (docs/fidelity.md).
   */
  pauseReading(): void {
    this.#paused = true;
  }

  /**
   * Resolves once everything sent so far has left the page's queue for the
   * network (bufferedAmount no longer counts it): when a WebSocketStream's
   * write resolves (transport/websocket-stream.ts).
   */
  sent(): Promise<void> {
    return this.#outgoing;
  }

  /** Reads what waited, in order, and everything after it. */
  resumeReading(): void {
    this.#paused = false;
    while (!this.#paused && this.#unread.length > 0) {
      const bytes = this.#unread.shift()!;
      this.#unreadBytes -= bytes.length;
      this.#client?.receive(bytes);
    }
  }

  /** The network fails: no close frame either way, both ends see the connection vanish (1006). */
  drop(): void {
    if (this.#readyState === ReadyState.closed) return;
    this.#trace({
      type: 'note',
      at: this.#at(),
      text: 'The network dropped the connection: no close frame either way.',
    });
    this.#endTcp();
  }

  async #handshake(headers: HeaderList): Promise<void> {
    const { target } = this.#options;
    // Their code loads while the request goes out.
    const loaded = Promise.all([this.#options.service, loadFarEnd()]);
    // Heard below; a page that closes in this task never asks, and a failure then is nobody's news.
    loaded.catch(() => {});
    // Chromium starts the connection after the constructor's task: a close() in that task means no request is sent.
    await Promise.resolve();
    if (this.#readyState !== ReadyState.connecting) return;
    const request = handshakeRequestEvent(target, headers, this.#at());
    this.#trace(request);
    let service: PlaygroundService;
    let farEnd: FarEnd;
    try {
      [service, farEnd] = await loaded;
    } catch (error) {
      // The site's files are gone or the network is (a redeployed site, a lost connection): no answer comes.
      this.#trace({
        type: 'note',
        at: this.#at(),
        text: `The simulated server could not be loaded (${(error as Error).message}). Reload the page to try again.`,
      });
      this.#failSoon();
      return;
    }
    if (this.#readyState !== ReadyState.connecting) return;
    const policy = this.#options.origin === undefined ? undefined : pageOnlyPolicy();
    const answer = await farEnd.answerHandshake({ service, target, headers, policy }, () => this.#at());
    if (this.#readyState !== ReadyState.connecting) return;
    this.#trace(answer.response);
    if (!answer.accepted) {
      this.#trace(answer.note);
      // WHATWG WebSockets §2.2: any answer but 101 fails the connection; the page sees only error and 1006.
      this.#failSoon();
      return;
    }
    if (answer.note) this.#trace(answer.note);
    if (this.#offered && answer.protocol === null) {
      // WHATWG WebSockets §2.2 ("establish a WebSocket connection"): protocols were asked for
      // and none was chosen, so the browser fails the connection; the server sees it vanish.
      this.#trace({ type: 'closed', at: this.#at(), code: 1006, reason: '', wasClean: false });
      this.#failSoon();
      return;
    }
    const agreed = headerValue(answer.response.headers, 'sec-websocket-extensions');
    const deflate = agreed === undefined ? NO_DEFLATE : await this.#agree(request, answer, agreed);
    if (deflate === undefined || this.#readyState !== ReadyState.connecting) return;
    this.#connectPipe(farEnd, answer.open, answer.protocol ?? '', agreed ?? '', deflate);
  }

  /**
   * The browser's check of the 101's Sec-WebSocket-Extensions, then each end's
   * compression as agreed: the server's from its own answer, the browser's from
   * its reading of it. Undefined when the browser failed the connection.
   */
  async #agree(request: HandshakeRequestEvent, answer: Accepted, agreed: string): Promise<DeflateEnds | undefined> {
    const runtime = await import('./deflate-runtime.ts');
    if (this.#readyState !== ReadyState.connecting) return undefined;
    const check = runtime.checkDeflateAnswer(headerValue(request.headers, 'sec-websocket-extensions') ?? '', agreed);
    if (!check.ok) {
      // RFC 6455 §4.1 (step 5 of reading the 101) and §9.1: an extension the browser did not offer, or
      // parameters it cannot take, fail the connection; the server sees it vanish.
      this.#trace({ type: 'note', at: this.#at(), text: runtime.extensionFailureText(check.reason) });
      this.#trace({ type: 'closed', at: this.#at(), code: 1006, reason: '', wasClean: false });
      this.#failSoon();
      return undefined;
    }
    const reader = new runtime.DeflateTraceReader();
    reader.push(request);
    reader.push(answer.response);
    this.#deflateTrace = reader;
    const [browser, server] = await Promise.all([
      check.params ? runtime.browserDeflate(check.params) : undefined,
      answer.deflate
        ? runtime.serverDeflate(answer.deflate.params, answer.deflate.threshold, this.#options.maxMessageBytes)
        : undefined,
    ]);
    return { browser, server };
  }

  /** mock-socket as the TCP connection: it carries frame bytes, one ArrayBuffer per write. */
  #connectPipe(
    { Server, MockSocket, FrameEndpoint }: FarEnd,
    open: (peer: Peer) => Session,
    protocol: string,
    extensions: string,
    deflate: DeflateEnds,
  ): void {
    const { up = 0, down = 0 } = this.#options.latency ?? {};
    const internalUrl = `ws://simulated-${++connectionCount}.invalid/`;
    const server = new Server(internalUrl, { mock: false });
    this.#server = server;
    server.on('connection', (socket) => {
      const end = this.#serverEnd(FrameEndpoint, socket, down, deflate.server);
      socket.on('message', (data) => this.#serverReceive(end, new Uint8Array(data as ArrayBuffer)));
      this.#session = open(this.#peer(end));
      this.#startHeartbeat(end);
    });
    const pipe = new MockSocket(internalUrl);
    this.#pipe = pipe;
    this.#client = new FrameEndpoint({
      role: Side.client,
      deflate: deflate.browser,
      write: (bytes) => {
        this.#inFlight += bytes.length;
        setTimeout(() => this.#pipe?.send(toArrayBuffer(bytes)), up);
      },
      sent: ({ bytes, frame }) => this.#trace({ type: 'frame', at: this.#at(), from: Side.client, bytes, frame }),
      on: {
        message: (data) => this.#deliver(data),
        closeFrame: (code, reason) => {
          this.#received = { code, reason };
          this.#readyState = ReadyState.closing;
          // §5.5.1: answer a close frame with one of our own, echoing the code.
          this.#client?.sendClose(code, reason);
        },
        protocolError: () => {
          this.#failed = true;
          this.#endTcp();
        },
      },
    });
    pipe.onopen = () => {
      if (this.#readyState !== ReadyState.connecting) return;
      this.#tcpOpen = true;
      this.#readyState = ReadyState.open;
      this.#protocol = protocol;
      this.#extensions = extensions;
      this.dispatchEvent(new Event('open'));
    };
    pipe.onmessage = (event) => {
      const bytes = new Uint8Array(event.data as ArrayBuffer);
      if (!this.#paused) {
        this.#client?.receive(bytes);
        return;
      }
      this.#unread.push(bytes);
      this.#unreadBytes += bytes.length;
    };
    pipe.onclose = () => this.#finish();
  }

  /** The server's end of the connection, in the page. */
  #serverEnd(
    Endpoint: typeof FrameEndpoint,
    socket: Client,
    down: number,
    deflate: FrameDeflate | undefined,
  ): FrameEndpoint {
    const end: FrameEndpoint = new Endpoint({
      role: Side.server,
      maxPayload: this.#options.maxMessageBytes,
      deflate,
      write: (bytes) => setTimeout(() => this.#tcpOpen && socket.send(toArrayBuffer(bytes)), down),
      sent: ({ bytes, frame }) => this.#trace({ type: 'frame', at: this.#at(), from: Side.server, bytes, frame }),
      on: {
        message: (data) => this.#session?.message(data),
        pong: (payload) => {
          this.#awaitingPong = false;
          this.#session?.pong?.(payload);
        },
        closeFrame: (code, reason) => {
          end.sendClose(code, reason);
          this.#serverClosed(code, reason, end);
        },
        protocolError: (error) => this.#serverClosed(error.closeCode, error.message, end),
      },
    });
    return end;
  }

  /** The page's bytes reach the server: read now, or kept in order while the server has stopped reading. */
  #serverReceive(end: FrameEndpoint, bytes: Uint8Array): void {
    if (this.#serverPaused) {
      this.#serverUnread.push(bytes);
      return;
    }
    this.#serverRead(end, bytes);
  }

  #serverRead(end: FrameEndpoint, bytes: Uint8Array): void {
    this.#inFlight -= bytes.length;
    while (this.#inFlight < NETWORK_BUFFER_BYTES && this.#roomWaiters.length > 0) this.#roomWaiters.shift()!();
    end.receive(bytes);
  }

  /**
   * The live server's heartbeat (server/heartbeat.ts), for this connection: a
   * ping each interval, and a drop, with a note saying why, when the last one
   * is still unanswered. The browser here answers at once; only a slow uplink
   * (latency) makes a pong late.
   */
  #startHeartbeat(end: FrameEndpoint): void {
    const every = this.#options.heartbeatMs ?? HEARTBEAT_MS;
    const timer = setInterval(() => {
      if (!this.#tcpOpen || end.closeSent) return;
      if (this.#awaitingPong) {
        this.#trace({ type: 'note', at: this.#at(), text: missedPongNote(every) });
        this.#endTcp();
        return;
      }
      this.#awaitingPong = true;
      end.sendPing(new Uint8Array());
    }, every);
    this.#stopHeartbeat = () => clearInterval(timer);
  }

  #peer(end: FrameEndpoint): Peer {
    // After its close frame a server sends nothing more (§5.5.1).
    const usable = (): boolean => this.#tcpOpen && !end.closeSent;
    const unread = (): number => this.#unreadBytes;
    return {
      origin: this.#origin,
      send: (data, options) => {
        if (usable()) end.sendMessage(data, options?.fragments);
      },
      ping: (payload) => {
        if (usable()) end.sendPing(payload);
      },
      close: (code, reason) => {
        if (!usable()) return;
        end.sendClose(code, reason);
        this.#startCloseTimer();
      },
      drop: () => this.#endTcp(),
      get bufferedAmount(): number {
        return unread();
      },
      pauseReading: () => {
        this.#serverPaused = true;
      },
      resumeReading: () => {
        this.#serverPaused = false;
        while (!this.#serverPaused && this.#serverUnread.length > 0) this.#serverRead(end, this.#serverUnread.shift()!);
      },
      log: (event, fields) => this.#trace({ type: 'note', at: this.#at(), text: serverLogNote(event, fields) }),
    };
  }

  /** ws's close timer: the browser's close frame must come back in time, or the server drops the connection. */
  #startCloseTimer(): void {
    const timer = setTimeout(() => {
      if (!this.#tcpOpen) return;
      this.#trace({
        type: 'note',
        at: this.#at(),
        text: `No close frame came back within ${SERVER_CLOSE_TIMEOUT_MS / 1000} s: the server drops the connection.`,
      });
      this.#endTcp();
    }, SERVER_CLOSE_TIMEOUT_MS);
    this.#stopCloseTimer = () => clearTimeout(timer);
  }

  /** The server's side is done: it reports the close, then shuts TCP, as ws does after the closing handshake. */
  #serverClosed(code: number, reason: string, end: FrameEndpoint): void {
    this.#trace({ type: 'closed', at: this.#at(), code, reason, wasClean: end.closeSent && end.closeReceived });
    this.#endSession(code, reason);
    // Let the server's last frame reach the browser before the connection goes.
    setTimeout(() => this.#endTcp(), (this.#options.latency?.down ?? 0) + 1);
  }

  #endSession(code: number, reason: string): void {
    const session = this.#session;
    this.#session = undefined;
    session?.closed(code, reason);
  }

  #endTcp(): void {
    if (!this.#tcpOpen) {
      this.#failSoon();
      return;
    }
    this.#tcpOpen = false;
    if (this.#session) {
      this.#trace({ type: 'closed', at: this.#at(), code: 1006, reason: '', wasClean: false });
      this.#endSession(1006, '');
    }
    this.#pipe?.close();
  }

  #deliver(data: string | Uint8Array): void {
    if (this.#readyState !== ReadyState.open) return;
    const binary =
      typeof data === 'string'
        ? data
        : this.binaryType === 'arraybuffer'
          ? toArrayBuffer(data)
          : new Blob([toArrayBuffer(data)]);
    this.dispatchEvent(new MessageEvent('message', { data: binary, origin: new URL(this.url).origin }));
  }

  /**
   * §7.1.7 "fail the WebSocket connection": error, then close 1006, not clean.
   * Queued, as a browser queues them: listeners added after the call still hear them.
   */
  #failSoon(): void {
    setTimeout(() => {
      if (this.#readyState === ReadyState.closed) return;
      this.#readyState = ReadyState.closed;
      this.#teardown();
      this.dispatchEvent(new Event('error'));
      this.dispatchEvent(new CloseEvent('close', { code: 1006, reason: '', wasClean: false }));
    }, 0);
  }

  /** TCP is gone: the close event carries the close frame received, if any (§7.1.5, §7.1.6). */
  #finish(): void {
    if (this.#readyState === ReadyState.closed) return;
    this.#tcpOpen = false;
    this.#readyState = ReadyState.closed;
    const clean = this.#client !== undefined && this.#client.closeSent && this.#client.closeReceived;
    const { code, reason } = this.#received ?? { code: 1006, reason: '' };
    this.#teardown();
    if (this.#failed) this.dispatchEvent(new Event('error'));
    this.dispatchEvent(
      new CloseEvent('close', { code: clean ? code : 1006, reason: clean ? reason : '', wasClean: clean }),
    );
  }

  #teardown(): void {
    this.#tcpOpen = false;
    this.#stopHeartbeat?.();
    this.#stopCloseTimer?.();
    this.#unread = [];
    this.#unreadBytes = 0;
    this.#serverUnread = [];
    this.#inFlight = 0;
    // Sends still waiting for room go on, and find the connection closed.
    for (const room of this.#roomWaiters.splice(0)) room();
    this.#endSession(1006, '');
    if (this.#pipe) this.#pipe.onclose = () => {};
    this.#server?.stop();
    this.#server = undefined;
  }

  #at(): number {
    return Math.round(performance.now() - this.#startedAt);
  }

  #trace(event: TraceEvent): void {
    // Inflate first (the reader needs every byte as sent), then star the secrets, in the inflated text too.
    this.#options.trace?.(redactTraceEvent(this.#deflateTrace ? this.#deflateTrace.push(event) : event));
  }
}
