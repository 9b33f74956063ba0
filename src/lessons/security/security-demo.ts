import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectionSettings } from '../../controllers/connection-settings.ts';
import { SettingsChangeEvent } from '../../controllers/settings-change-event.ts';
import { connect, type Connection, type ConnectOptions } from '../../transport/connect.ts';
import { Attempt, AttemptStatus, type AttemptHooks } from './attempt.ts';

export { Attempt, AttemptStatus };

/** The wire the site-wide settings choose now, as the transport's requests take it. */
export function currentWire(): Pick<ConnectOptions, 'mode' | 'serverUrl'> {
  return { mode: connectionSettings.mode, serverUrl: connectionSettings.serverUrl };
}

/** Resolves after `ms`. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * What every security demo's controller shares: it opens its connections on
 * the wire the settings choose, renders the host whenever one changes, forgets
 * them all when the reader flips the mode (the demo starts over on the new
 * wire) and closes them when the host leaves the page. Steps that wait for
 * the wire (open, then send) await `until`.
 */
export abstract class SecurityDemo implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #attempts = new Set<Attempt>();
  #waiters: (() => void)[] = [];
  /** Bumped when the demo starts over: a step still awaiting something checks it before going on. */
  #generation = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    connectionSettings.addEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
  }

  hostDisconnected(): void {
    connectionSettings.removeEventListener(SettingsChangeEvent.eventName, this.#onSettingsChange);
    this.#startOver();
  }

  /** Opens `target` (or whatever `opener` makes of it) on the current wire. */
  protected open(
    target: string,
    hooks: Partial<AttemptHooks> = {},
    extra: Pick<ConnectOptions, 'protocols'> = {},
    opener: (target: string, options: ConnectOptions) => Connection = connect,
  ): Attempt {
    const options: ConnectOptions = { ...currentWire(), ...extra };
    const attempt = new Attempt(
      () => opener(target, options),
      { ...hooks, changed: () => this.changed() },
      target,
      options,
    );
    this.#attempts.add(attempt);
    return attempt;
  }

  /** Closes an attempt the demo no longer shows. */
  protected drop(attempt: Attempt | undefined): void {
    if (!attempt) return;
    attempt.abandon();
    this.#attempts.delete(attempt);
  }

  /** A token for the steps of one run: `current(token)` is false once the demo started over. */
  protected get generation(): number {
    return this.#generation;
  }

  protected current(generation: number): boolean {
    return generation === this.#generation;
  }

  /** Something the demo shows changed. */
  protected changed(): void {
    this.#host.requestUpdate();
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** Resolves true once `test` holds; false after `ms`, or when the demo starts over. */
  protected until(test: () => boolean, ms: number): Promise<boolean> {
    const generation = this.#generation;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      const check = (): void => {
        if (!this.current(generation)) done(false);
        else if (test()) done(true);
      };
      const done = (value: boolean): void => {
        clearTimeout(timer);
        this.#waiters = this.#waiters.filter((waiter) => waiter !== check);
        resolve(value);
      };
      this.#waiters.push(check);
      check();
    });
  }

  /** Waits for an attempt to open; false if it ended (or the demo started over) first. */
  protected opened(attempt: Attempt, ms = 10_000): Promise<boolean> {
    return this.until(() => attempt.status !== AttemptStatus.connecting, ms).then(() => attempt.isOpen);
  }

  /** The demo forgets its state: the mode changed, or the host left. */
  protected abstract reset(): void;

  #startOver(): void {
    this.#generation++;
    for (const attempt of this.#attempts) attempt.abandon();
    this.#attempts.clear();
    for (const waiter of [...this.#waiters]) waiter();
    this.reset();
  }

  readonly #onSettingsChange = (): void => {
    this.#startOver();
    this.changed();
  };
}
