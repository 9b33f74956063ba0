import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectionSettings } from '../../controllers/connection-settings.ts';
import { SettingsChangeEvent } from '../../controllers/settings-change-event.ts';
import { createOriginPolicy } from '../../protocol/index.ts';
import { probeSimulated, type ProbeResult } from '../../transport/handshake-probe.ts';
import { watchInspector, type InspectorStream } from '../../transport/inspector.ts';
import { siteAnswers } from '../../transport/live-health.ts';
import {
  checking,
  isOtherSiteStep,
  LivePhase,
  noOtherSite,
  noWatch,
  otherSiteOrigin,
  running,
  timedOut,
  withEvents,
  withStep,
  type LiveRun,
} from './hijack-run.ts';
import { ATTACKER_MESSAGE, attackerRequestHeaders, DEMO_COOKIE } from './requests.ts';
import { serverHost, siteAllowlist } from './target.ts';

/** How long the other site gets to load, try and report. */
const REPORT_TIMEOUT_MS = 10_000;

/** How long the server's last events get to arrive on the side channel after the other site is done. */
const LINGER_MS = 2000;

/**
 * The cross-site hijacking attack, in either mode. Simulated, it asks the
 * handshake probe to run the attacker's handshake through the page's server,
 * with this site's allowlist or with none. Live, it finds the other site,
 * stores the demo cookie, watches the live server, and follows the report the
 * other site's page posts from the frame the host shows (`frame` returns that
 * frame's window). A new connection mode forgets both stories.
 */
export class HijackController implements ReactiveController {
  /** The simulated attack against this site's Origin check, once run. */
  withCheck: ProbeResult | undefined;
  /** The simulated attack against a server that allows every origin, once run. */
  withoutCheck: ProbeResult | undefined;
  /** The live attack from the other site, once started. */
  live: LiveRun | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #frame: () => Window | null;
  #mode = connectionSettings.mode;
  /** Counts live runs: a step of an older run finds a newer number and stops. */
  #run = 0;
  #watch: InspectorStream | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, frame: () => Window | null) {
    this.#host = host;
    this.#frame = frame;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('message', this.#onMessage);
    connectionSettings.addEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
    this.#onSettingsChange();
  }

  hostDisconnected(): void {
    window.removeEventListener('message', this.#onMessage);
    connectionSettings.removeEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
    this.#stopLive();
  }

  async runSimulated(checked: boolean): Promise<void> {
    const result = await probeSimulated({
      target: '/echo',
      headers: attackerRequestHeaders(serverHost()),
      policy: checked ? siteAllowlist() : createOriginPolicy(['*']),
      message: ATTACKER_MESSAGE,
    });
    if (checked) this.withCheck = result;
    else this.withoutCheck = result;
    this.#host.requestUpdate();
  }

  /** Runs the live attack from the other site at the address the reader typed. */
  async runLive(address: string): Promise<void> {
    this.#stopLive();
    const run = ++this.#run;
    const pageOrigin = window.location.origin;
    const parsed = otherSiteOrigin(address.trim(), pageOrigin);
    if ('failure' in parsed) {
      this.#show(parsed.failure);
      return;
    }
    const { origin } = parsed;
    this.#show(checking(origin));
    const answered = await siteAnswers(origin);
    if (run !== this.#run) return;
    if (!answered) {
      this.#show(noOtherSite(origin));
      return;
    }
    document.cookie = `${DEMO_COOKIE}; Path=/; Max-Age=600; SameSite=Lax`;
    const serverUrl = connectionSettings.serverUrl;
    const watch = watchInspector(serverUrl, (events) => {
      if (run === this.#run && this.live) this.#show(withEvents(this.live, events));
    });
    this.#watch = watch;
    const watching = await watch.ready;
    if (run !== this.#run || !this.live) return;
    if (!watching) {
      this.#show(noWatch(origin, serverUrl, pageOrigin));
      return;
    }
    this.#show(running(this.live, watch.id));
    this.#timer = setTimeout(() => {
      if (run !== this.#run || this.live?.phase !== LivePhase.running) return;
      this.#show(timedOut(this.live));
      this.#stopLive();
    }, REPORT_TIMEOUT_MS);
  }

  readonly #onMessage = (event: MessageEvent<unknown>): void => {
    const live = this.live;
    if (live?.phase !== LivePhase.running || event.origin !== live.origin) return;
    const frame = this.#frame();
    if (!frame || event.source !== frame || !isOtherSiteStep(event.data)) return;
    const next = withStep(live, event.data);
    this.#show(next);
    if (next.phase === LivePhase.done) {
      clearTimeout(this.#timer);
      // The server's last events travel on another connection: let them arrive.
      const watch = this.#watch;
      setTimeout(() => watch?.close(), LINGER_MS);
    }
  };

  /** A new mode is a new story: forget what the other one showed. */
  readonly #onSettingsChange = (): void => {
    if (connectionSettings.mode === this.#mode) return;
    this.#mode = connectionSettings.mode;
    this.#stopLive();
    this.live = undefined;
    this.withCheck = undefined;
    this.withoutCheck = undefined;
    this.#host.requestUpdate();
  };

  #stopLive(): void {
    this.#run++;
    clearTimeout(this.#timer);
    this.#watch?.close();
    this.#watch = undefined;
  }

  #show(run: LiveRun): void {
    this.live = run;
    this.#host.requestUpdate();
  }
}
