import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectionSettings } from '../../controllers/connection-settings.ts';
import { SettingsChangeEvent } from '../../controllers/settings-change-event.ts';
import type { TraceEvent } from '../../protocol/index.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { probeSimulated, type ProbeResult } from '../../transport/handshake-probe.ts';
import { watchInspector, withTrace, type InspectorStream } from '../../transport/inspector.ts';
import { scriptRequestHeaders } from './requests.ts';
import { serverHost, siteAllowlist } from './target.ts';

/** The origin the script claims at first: another site's, which the server's allowlist does not hold. */
export const BANK = 'https://bank.example';

/** What the script sends once in. */
const SCRIPT_MESSAGE = 'hello from a script';

/** The live server's view of the reader's script, watched on the trace side channel. */
export interface Watching {
  /** The id the script names in its URL as `trace=`. */
  readonly id: string;
  readonly events: readonly TraceEvent[];
  /** Why the watch ended: the server was not there, or closed it after a minute with no connection naming it. */
  readonly ended: 'unreachable' | 'idle' | undefined;
}

/**
 * The forged-Origin demo's two wires, one scenario: a script connects to
 * `/echo` on a server whose allowlist holds this page's origin. Simulated,
 * the handshake probe sends the script's request with the Origin the reader
 * typed, through the simulated site's allowlist. Live, the reader runs the script, and
 * this watches the live server's view of it. A new connection mode forgets
 * both; a watch ends when the host leaves.
 */
export class ForgedController implements ReactiveController {
  /** The simulated forged handshake, once sent. */
  result: ProbeResult | undefined;
  /** The live watch, once started. */
  watching: Watching | undefined;
  readonly #host: ReactiveControllerHost;
  #mode = connectionSettings.mode;
  #watch: InspectorStream | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    connectionSettings.addEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
    this.#onSettingsChange();
  }

  hostDisconnected(): void {
    connectionSettings.removeEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
    this.stopWatching();
  }

  /** The endpoint the script connects to, on either wire. */
  readonly target = '/echo';

  /** The live URL the reader's script connects to: `/echo`, naming the watch when there is one. */
  get scriptUrl(): string {
    const watching = this.watching;
    return endpointUrl(connectionSettings.serverUrl, watching ? withTrace(this.target, watching.id) : this.target);
  }

  /** Sends the script's handshake, claiming `origin`, to the simulated server. */
  async forge(origin: string): Promise<void> {
    this.result = await probeSimulated({
      target: this.target,
      headers: scriptRequestHeaders(serverHost(), origin),
      policy: siteAllowlist(),
      message: SCRIPT_MESSAGE,
    });
    this.#host.requestUpdate();
  }

  startWatching(): void {
    this.stopWatching();
    const watch = watchInspector(
      connectionSettings.serverUrl,
      (events) => {
        if (this.#watch === watch && this.watching) this.#set({ ...this.watching, events });
      },
      (opened) => {
        if (this.#watch === watch && this.watching) {
          this.#set({ ...this.watching, ended: opened ? 'idle' : 'unreachable' });
        }
      },
    );
    this.#watch = watch;
    this.#set({ id: watch.id, events: [], ended: undefined });
  }

  stopWatching(): void {
    this.#watch?.close();
    this.#watch = undefined;
    this.#set(undefined);
  }

  readonly #onSettingsChange = (): void => {
    if (connectionSettings.mode === this.#mode) return;
    this.#mode = connectionSettings.mode;
    this.stopWatching();
    this.result = undefined;
    this.#host.requestUpdate();
  };

  #set(watching: Watching | undefined): void {
    this.watching = watching;
    this.#host.requestUpdate();
  }
}
