import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectionSettings, type ConnectionSettings } from '../../controllers/connection-settings.ts';
import { SettingsChangeEvent } from '../../controllers/settings-change-event.ts';
import { TickerTopic } from '../../service/json-messages.ts';
import { PollingRunner, PollKind } from './race-polling.ts';
import { SseRunner } from './race-sse.ts';
import type { RaceSettings } from './race-tally.ts';
import { WebSocketRunner } from './race-websocket.ts';

/** How often the timeline moves on while the race runs. */
const FRAME_MS = 250;

/** When the reader asks for cuts, the server ends each event-stream response after this many updates. */
export const CUT_AFTER = 5;

export interface RaceChoice {
  /** Milliseconds between polls. */
  readonly interval: number;
  /** Milliseconds between updates on the server. */
  readonly every: number;
  /** Whether the server cuts each event-stream response short, so the browser must reconnect and resume. */
  readonly cut: boolean;
}

/**
 * One race: all four lanes started and stopped together, on the wire the
 * site-wide settings choose. A new start, or a new mode or server while
 * racing, begins again from zero. Everything stops when the host leaves the
 * page.
 */
export class RaceController implements ReactiveController {
  choice: RaceChoice = { interval: 1000, every: 1000, cut: false };
  running = false;
  /** Why the race stopped on its own, in words for the reader. */
  problem: string | undefined;
  polling: PollingRunner | undefined;
  longPolling: PollingRunner | undefined;
  sse: SseRunner | undefined;
  websocket: WebSocketRunner | undefined;
  /** What the current (or last) race runs with. */
  settings: RaceSettings | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #connectionSettings: ConnectionSettings;
  #frame: ReturnType<typeof setInterval> | undefined;
  /** Counts races, so a late failure from one already replaced stops nothing. */
  #race = 0;

  constructor(host: ReactiveControllerHost, settings: ConnectionSettings = connectionSettings) {
    this.#host = host;
    this.#connectionSettings = settings;
    host.addController(this);
  }

  /** The site-wide connection settings the next race uses. */
  get connection(): ConnectionSettings {
    return this.#connectionSettings;
  }

  hostConnected(): void {
    this.#connectionSettings.addEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
  }

  hostDisconnected(): void {
    this.#connectionSettings.removeEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
    this.stop();
    this.websocket?.abandon();
  }

  start(): void {
    this.stop();
    this.websocket?.abandon();
    const { mode, serverUrl } = this.#connectionSettings;
    const { interval, every, cut } = this.choice;
    const settings: RaceSettings = {
      mode,
      serverUrl,
      topic: TickerTopic.prices,
      interval,
      every,
      streamEvents: cut ? CUT_AFTER : undefined,
    };
    const race = ++this.#race;
    const changed = (): void => this.#host.requestUpdate();
    const failed = (reason: string): void => {
      if (race !== this.#race || !this.running) return;
      this.problem = reason;
      this.stop();
    };
    this.settings = settings;
    this.problem = undefined;
    this.polling = new PollingRunner(PollKind.short, settings, changed, failed);
    this.longPolling = new PollingRunner(PollKind.long, settings, changed, failed);
    this.sse = new SseRunner(settings, changed, failed);
    this.websocket = new WebSocketRunner(settings, changed, failed);
    this.running = true;
    this.websocket.start();
    this.sse.start();
    this.longPolling.start();
    this.polling.start();
    this.#frame = setInterval(changed, FRAME_MS);
    this.#host.requestUpdate();
  }

  stop(): void {
    this.polling?.stop();
    this.longPolling?.stop();
    this.sse?.stop();
    this.websocket?.stop();
    clearInterval(this.#frame);
    this.running = false;
    this.#host.requestUpdate();
  }

  /** A new interval, rate or cut; a running race starts again with it. */
  choose(choice: Partial<RaceChoice>): void {
    this.choice = { ...this.choice, ...choice };
    if (this.running) this.start();
    this.#host.requestUpdate();
  }

  readonly #onSettingsChange = (): void => {
    const { mode, serverUrl } = this.#connectionSettings;
    if (this.running && (mode !== this.settings?.mode || serverUrl !== this.settings.serverUrl)) this.start();
    this.#host.requestUpdate();
  };
}
