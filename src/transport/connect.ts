import { createService, type PlaygroundService } from '../service/service.ts';
import { ConnectionMode } from './mode.ts';
import type { PlaygroundSocket } from './playground-socket.ts';
import { SimulatedWebSocket } from './simulated.ts';
import { explainLiveFailure, openLive } from './live.ts';

export interface ConnectOptions {
  readonly mode: ConnectionMode;
  /** The live server's base URL; in Simulated mode the in-page server pretends to live there. */
  readonly serverUrl: string;
}

/** The page's one simulated server: connections share it, as they share a real one. */
const pageService: PlaygroundService = createService();

/** Opens a connection to an endpoint target such as `/echo` on the chosen wire. */
export function connect(target: string, options: ConnectOptions): PlaygroundSocket {
  return options.mode === ConnectionMode.live
    ? openLive(options.serverUrl, target)
    : new SimulatedWebSocket(pageService, options.serverUrl, target);
}

/** Says in plain words why a connection failed before it opened. */
export async function explainFailure(target: string, options: ConnectOptions, pageOrigin: string): Promise<string> {
  if (options.mode === ConnectionMode.live) return explainLiveFailure(options.serverUrl, target, pageOrigin);
  const admission = pageService.admit(target);
  return admission.ok
    ? 'The simulated connection was closed before it opened.'
    : `The simulated server refused the handshake with ${admission.status}: ${admission.reason}.`;
}
