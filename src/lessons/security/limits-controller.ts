import type { ReactiveControllerHost } from 'lit';
import { LESSON_LIMITS, LIMITED_PATH } from '../../service/security-messages.ts';
import { openSlowReader } from '../../transport/slow-reader.ts';
import { SecurityDemo, type Attempt } from './security-demo.ts';
import { closeFrame, serverLogLines } from './trace-facts.ts';

/** The four limits the demo trips. */
export const Limit = { size: 'size', rate: 'rate', connections: 'connections', slow: 'slow' } as const;
export type Limit = (typeof Limit)[keyof typeof Limit];

/** How long a run waits for the server to act before it says nothing happened. */
const RUN_WAIT_MS = 20_000;

/** A fresh group for each run, so that runs (and readers) never share connections. */
function randomGroup(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `demo-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** Whether the page heard the close, or the trace shows the server's close frame. */
function ended(attempt: Attempt | undefined): boolean {
  return attempt !== undefined && (attempt.close !== undefined || closeFrame(attempt.trace, 'server') !== undefined);
}

/** Whether the server wrote `event` to its log for this connection. */
function logged(attempt: Attempt | undefined, event: string): boolean {
  return attempt !== undefined && serverLogLines(attempt.trace).some((line) => line.includes(`"event":"${event}"`));
}

/** What one run did, step by step. */
export interface LimitRun {
  readonly limit: Limit;
  readonly group: string;
  /** The connection that tripped the limit (the fourth, for the connection limit). */
  tripped: Attempt | undefined;
  /** The connections that stood before it (the connection limit's first three). */
  others: Attempt[];
  steps: string[];
  done: boolean;
  /** Set when the server did not act as the lesson says it would. */
  problem: string | undefined;
}

/**
 * The limits demo: each run opens `/limited?group=<fresh>` and trips one
 * limit on purpose: a message over the size limit, a burst over the rate,
 * one connection too many, or a reader that never reads. The server's
 * close frame, its log line and the page's close event show in the outcome.
 */
export class LimitsController extends SecurityDemo {
  run: LimitRun | undefined;

  constructor(host: ReactiveControllerHost) {
    super(host);
  }

  get running(): boolean {
    return this.run !== undefined && !this.run.done;
  }

  async trip(limit: Limit): Promise<void> {
    this.#clear();
    const generation = this.generation;
    const group = randomGroup();
    const run: LimitRun = { limit, group, tripped: undefined, others: [], steps: [], done: false, problem: undefined };
    this.run = run;
    this.changed();
    const target = `${LIMITED_PATH}?group=${group}`;
    switch (limit) {
      case Limit.size:
        await this.#sendThenWait(run, target, () => {
          const size = LESSON_LIMITS.maxMessageBytes + 1;
          run.tripped?.send('x'.repeat(size));
          return `Sent one text message of ${size} bytes: one byte over the limit.`;
        });
        break;
      case Limit.rate:
        await this.#sendThenWait(run, target, () => {
          const count = LESSON_LIMITS.messagesPerSecond + 1;
          for (let n = 1; n <= count; n++) run.tripped?.send(`message ${n} of ${count}`);
          return `Sent ${count} messages at once: one more than ${LESSON_LIMITS.messagesPerSecond} in a second.`;
        });
        break;
      case Limit.connections:
        await this.#tooMany(run, target, generation);
        break;
      case Limit.slow:
        this.#step(run, 'Opened a reader that never reads (its messages queue), and sent {"type":"flood"}.');
        run.tripped = this.open(target, {}, {}, openSlowReader);
        // A reader that never reads may never hear the close: its close frame waits behind every unread byte
        // (Live: TCP's and the kernels' buffers). The server's log line says it acted.
        await this.until(() => ended(run.tripped) || logged(run.tripped, 'slow-reader'), RUN_WAIT_MS);
        break;
    }
    if (!this.current(generation)) return;
    run.done = true;
    this.changed();
  }

  protected override reset(): void {
    this.run = undefined;
  }

  /** Opens one connection, does `act` once it is open, and waits for the server to close it. */
  async #sendThenWait(run: LimitRun, target: string, act: () => string): Promise<void> {
    this.#step(run, `Opened ${target}.`);
    run.tripped = this.open(target);
    if (!(await this.opened(run.tripped))) return;
    this.#step(run, act());
    await this.until(() => run.tripped?.close !== undefined, RUN_WAIT_MS);
  }

  /** Opens the group's allowance of connections, then one more. */
  async #tooMany(run: LimitRun, target: string, generation: number): Promise<void> {
    const allowed = LESSON_LIMITS.connectionsPerGroup;
    for (let n = 1; n <= allowed; n++) {
      const attempt = this.open(target);
      run.others.push(attempt);
      if (!(await this.opened(attempt))) {
        if (this.current(generation)) run.problem = `Connection ${n} did not open.`;
        return;
      }
      this.#step(run, `Connection ${n} of ${allowed} is open.`);
    }
    this.#step(run, `Opening connection ${allowed + 1}…`);
    run.tripped = this.open(target);
    await this.until(() => run.tripped?.close !== undefined, RUN_WAIT_MS);
    if (!this.current(generation)) return;
    for (const other of run.others) other.disconnect('demo done');
    this.#step(run, `The demo then closed the ${allowed} others.`);
  }

  #step(run: LimitRun, text: string): void {
    run.steps = [...run.steps, text];
    this.changed();
  }

  #clear(): void {
    const run = this.run;
    if (!run) return;
    this.drop(run.tripped);
    for (const other of run.others) this.drop(other);
  }
}
