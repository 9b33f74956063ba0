import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectionSettings } from '../../controllers/connection-settings.ts';
import { SettingsChangeEvent } from '../../controllers/settings-change-event.ts';
import { createOriginPolicy } from '../../protocol/index.ts';
import { probeSimulated, type ProbeResult } from '../../transport/handshake-probe.ts';
import { watchInspector, type InspectorStream } from '../../transport/inspector.ts';
import { siteAnswers } from '../../transport/live-health.ts';
import { simulatedAttacker, type Attacker } from './attackers.ts';
import { cookieOnHandshake, type CookieChoice, type CookieVerdict } from './cookie-rules.ts';
import { storeDemoCookie } from './demo-cookie.ts';
import {
  checking,
  isOtherSiteStep,
  LivePhase,
  noOtherSite,
  noWatch,
  otherSiteOrigin,
  running,
  timedOut,
  withCookie,
  withEvents,
  withStep,
  type LiveRun,
} from './hijack-run.ts';
import { ATTACKER_MESSAGE, attackerRequestHeaders } from './requests.ts';
import { serverBase, serverHost, siteAllowlist } from './target.ts';

/** How long the other site gets to load, try and report. */
const REPORT_TIMEOUT_MS = 10_000;

/** How long the server's last events get to arrive on the side channel after the other site is done. */
const LINGER_MS = 2000;

/** What the simulated attack is about: where the attacker's page is, and the reader's cookie for the server. */
export interface SimulatedScenario {
  readonly attacker: Attacker;
  readonly choice: CookieChoice;
  /** Whether the simulated browser lets pages of other sites use cookies (Chrome's default; not Safari's). */
  readonly thirdPartyCookies: boolean;
}

/** One simulated attack: the probe's result, and the cookie rules' verdict that decided its Cookie header. */
export interface SimulatedAttack {
  readonly result: ProbeResult;
  /** The attacker page's origin. */
  readonly attacker: string;
  readonly choice: CookieChoice;
  readonly cookie: CookieVerdict;
}

/**
 * The cross-site hijacking attack, in either mode. Simulated, it decides by
 * Chromium's cookie rules whether the reader's cookie goes with the
 * attacker's handshake, then asks the handshake probe to run that handshake
 * through the page's server, with this site's allowlist or with none. Live,
 * it finds the other site, stores the demo cookie with the reader's choice of
 * SameSite, watches the live server, and follows the report the other site's
 * page posts from the frame the host shows (`frame` returns that frame's
 * window). A new connection mode forgets both stories.
 */
export class HijackController implements ReactiveController {
  /** The simulated attack against this site's Origin check, once run. */
  withCheck: SimulatedAttack | undefined;
  /** The simulated attack against a server that allows every origin, once run. */
  withoutCheck: SimulatedAttack | undefined;
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

  async runSimulated(checked: boolean, scenario: SimulatedScenario): Promise<void> {
    const server = serverBase();
    const attacker = simulatedAttacker(scenario.attacker, server);
    // The reader signed in on the server's own site: the cookie belongs to its host, and the attacker's page is a tab.
    const cookie = cookieOnHandshake(scenario.choice, server, {
      cookieHost: new URL(server).hostname,
      pages: [attacker],
      server: `${server}/echo`,
      thirdPartyCookies: scenario.thirdPartyCookies,
    });
    const result = await probeSimulated({
      target: '/echo',
      headers: attackerRequestHeaders(serverHost(), attacker, cookie.yes),
      policy: checked ? siteAllowlist() : createOriginPolicy(['*']),
      message: ATTACKER_MESSAGE,
    });
    const attack = { result, attacker, choice: scenario.choice, cookie };
    if (checked) this.withCheck = attack;
    else this.withoutCheck = attack;
    this.#host.requestUpdate();
  }

  /** Runs the live attack from the other site at the address the reader typed, with the cookie the reader chose. */
  async runLive(address: string, choice: CookieChoice): Promise<void> {
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
    const stored = storeDemoCookie(choice);
    const serverUrl = connectionSettings.serverUrl;
    this.#show(withCookie(this.live ?? checking(origin), choice, stored, pageOrigin, serverBase()));
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
