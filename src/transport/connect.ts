import type { TraceEvent } from '../protocol/index.ts';
import { explainLiveFailure, openLive } from './live.ts';
import { ConnectionMode } from './mode.ts';
import { pageService } from './page-service.ts';
import type { PlaygroundSocket } from './playground-socket.ts';
import { SimulatedWebSocket } from './simulated.ts';
import { describeSocketData } from './socket-data.ts';
import { TraceStream } from './trace-stream.ts';

export interface ConnectOptions {
  readonly mode: ConnectionMode;
  /** The live server's base URL; in Simulated mode the in-page server pretends to live there. */
  readonly serverUrl: string;
  readonly protocols?: string | readonly string[] | undefined;
  /**
   * Milliseconds each direction takes, Simulated mode only: a live connection
   * has whatever delay the network has, and the page cannot add to it.
   */
  readonly latency?: { readonly up: number; readonly down: number } | undefined;
  /** How often the simulated server pings (the live server's own setting decides in Live mode). */
  readonly heartbeatMs?: number | undefined;
  /**
   * Simulated mode only: the connection as a page on another site would open
   * it, with that Origin and without the page's SameSite cookies (a page
   * cannot send another origin in Live mode: a script does, see
   * handshake-probe.ts).
   */
  readonly origin?: string | undefined;
}

export interface Connection {
  readonly socket: PlaygroundSocket;
  /** What crossed the wire and what the page's API reported, on one timeline. */
  readonly trace: TraceStream;
  /** Stops listening to the live server's side channel (nothing to do in Simulated mode). */
  release(): void;
}

/** The page's own view, added to the trace on both wires alike. */
export function recordApiEvents(socket: PlaygroundSocket, trace: TraceStream): void {
  const at = (): number => trace.now();
  socket.addEventListener('open', () =>
    trace.push({ type: 'api', at: at(), name: 'open', detail: `readyState OPEN, protocol "${socket.protocol}"` }),
  );
  socket.addEventListener('message', (event) =>
    trace.push({ type: 'api', at: at(), name: 'message', detail: describeSocketData((event as MessageEvent).data) }),
  );
  socket.addEventListener('error', () =>
    trace.push({ type: 'api', at: at(), name: 'error', detail: 'the browser says only that something failed' }),
  );
  socket.addEventListener('close', (event) => {
    const { code, reason, wasClean } = event as CloseEvent;
    trace.push({
      type: 'api',
      at: at(),
      name: 'close',
      detail: `code ${code}${reason ? `, "${reason}"` : ''}, wasClean ${wasClean}`,
    });
  });
}

/** Opens a connection to an endpoint target such as `/echo` on the chosen wire. */
export function connect(target: string, options: ConnectOptions): Connection {
  const trace = new TraceStream();
  if (options.mode === ConnectionMode.live) {
    const live = openLive(options.serverUrl, target, options.protocols, trace);
    recordApiEvents(live.socket, trace);
    return { socket: live.socket, trace, release: live.release };
  }
  const socket = new SimulatedWebSocket({
    service: pageService(),
    serverUrl: options.serverUrl,
    target,
    protocols: options.protocols,
    trace: (event: TraceEvent) => trace.push(event),
    latency: options.latency,
    heartbeatMs: options.heartbeatMs,
    origin: options.origin,
  });
  recordApiEvents(socket, trace);
  return { socket, trace, release: () => {} };
}

/** Says in plain words why a connection failed before it opened, when the trace holds no server note. */
export async function explainFailure(target: string, options: ConnectOptions, pageOrigin: string): Promise<string> {
  if (options.mode === ConnectionMode.live) return explainLiveFailure(options.serverUrl, target, pageOrigin);
  return 'The connection was closed before it opened.';
}
