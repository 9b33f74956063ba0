import { expect } from '@open-wc/testing';
import { reconnectSentence, type ReconnectNews } from '../../../src/controllers/reconnect-news.ts';
import {
  RECONNECT_POLICY,
  reconnectBound,
  reconnectDelay,
  reconnectsAfter,
  type ReconnectPolicy,
} from '../../../src/controllers/reconnect-policy.ts';
import { Reconnector, type ReconnectTimers } from '../../../src/controllers/reconnector.ts';

/** Timers the test fires itself, in the order they were set: no waiting, no clock. */
class HandTimers implements ReconnectTimers {
  readonly pending = new Map<number, { run: () => void; ms: number }>();
  #next = 1;

  set(run: () => void, ms: number): number {
    const handle = this.#next++;
    this.pending.set(handle, { run, ms });
    return handle;
  }

  clear(handle: number | undefined): void {
    if (handle !== undefined) this.pending.delete(handle);
  }

  /** The waits still pending, in milliseconds. */
  get waits(): number[] {
    return [...this.pending.values()].map((timer) => timer.ms);
  }

  /** Fires the pending timer that waits `ms`. */
  fire(ms: number): void {
    const entry = [...this.pending].find(([, timer]) => timer.ms === ms);
    if (!entry) throw new Error(`no timer of ${ms} ms is pending: ${this.waits.join(', ')}`);
    this.pending.delete(entry[0]);
    entry[1].run();
  }
}

/** A reconnector whose random numbers and timers the test chooses; it records its retries and news. */
function reconnector(random: () => number, policy: Partial<ReconnectPolicy> = {}) {
  const timers = new HandTimers();
  const news: ReconnectNews[] = [];
  let retries = 0;
  const subject = new Reconnector(
    { retry: () => retries++, news: (item) => news.push(item) },
    { random, ...policy },
    timers,
  );
  return { subject, timers, news, retries: () => retries };
}

const LIVE_DROP = { code: 1006, opened: true, live: true } as const;
const FAILED = { code: 1006, opened: false, live: true } as const;

/** The pending wait before the next attempt: the timer that is not the stable one. */
function retryWait(timers: HandTimers): number {
  const waits = timers.waits.filter((ms) => ms !== RECONNECT_POLICY.stableAfter);
  expect(waits, 'one retry pending').to.have.length(1);
  return waits[0]!;
}

describe('the reconnect policy', () => {
  it('bounds each wait by a doubling of the base, never past the maximum', () => {
    const bounds = [1, 2, 3, 4, 5, 6, 7].map((attempt) => reconnectBound(attempt, RECONNECT_POLICY));
    expect(bounds).to.deep.equal([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('waits a random fraction of the bound (full jitter), from nothing up to just under it', () => {
    const at = (random: number, attempt: number): number =>
      reconnectDelay(attempt, { ...RECONNECT_POLICY, random: () => random });
    expect(at(0, 3)).to.equal(0);
    expect(at(0.5, 3)).to.equal(1000);
    expect(at(0.9999, 3)).to.equal(1999);
    expect(at(0.9999, 9)).to.equal(9999);
  });

  it('reconnects after the server went away (1001) or a drop (1006), never after a code sent on purpose', () => {
    expect([1000, 1001, 1002, 1006, 1008, 1011, 1012, 4000].filter(reconnectsAfter)).to.deep.equal([1001, 1006]);
  });
});

describe('a reconnector', () => {
  it('waits longer after each failed attempt, within each bound, and gives up after the last', () => {
    const { subject, timers, news, retries } = reconnector(() => 0.75, { attempts: 4 });
    subject.opened();
    expect(subject.closed({ code: 1001, opened: true, live: true })).to.equal(true);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const wait = retryWait(timers);
      waits.push(wait);
      timers.fire(wait);
      expect(retries()).to.equal(attempt);
      expect(subject.active, 'an attempt is under way').to.equal(true);
      const again = subject.closed(FAILED);
      expect(again, `after attempt ${attempt}`).to.equal(attempt < 4);
    }
    expect(waits).to.deep.equal([375, 750, 1500, 3000]);
    for (const [index, wait] of waits.entries()) {
      expect(wait).to.be.below(reconnectBound(index + 1, subject.policy));
    }
    expect(timers.pending.size, 'no timer left behind').to.equal(0);
    expect(subject.active).to.equal(false);
    expect(news.map(reconnectSentence)).to.deep.equal([
      'The server went away (1001). Reconnecting in 0.4 s (attempt 1 of 4)…',
      'Reconnecting: attempt 1 of 4…',
      'Attempt 1 failed before it opened (1006). Reconnecting in 0.8 s (attempt 2 of 4)…',
      'Reconnecting: attempt 2 of 4…',
      'Attempt 2 failed before it opened (1006). Reconnecting in 1.5 s (attempt 3 of 4)…',
      'Reconnecting: attempt 3 of 4…',
      'Attempt 3 failed before it opened (1006). Reconnecting in 3.0 s (attempt 4 of 4)…',
      'Reconnecting: attempt 4 of 4…',
      'Gave up after 4 attempts: connect again once the server is back.',
    ]);
  });

  it('says when an attempt got back in, and counts on if the connection drops again before it is stable', () => {
    const { subject, timers, news } = reconnector(() => 0.5);
    subject.opened();
    subject.closed(LIVE_DROP);
    timers.fire(retryWait(timers));
    subject.opened();
    expect(news.at(-1)).to.deep.equal({ kind: 'reconnected', attempt: 1 });
    expect(subject.active).to.equal(false);

    subject.closed(LIVE_DROP);
    expect(subject.attempt, 'the second drop is attempt 2').to.equal(2);
    expect(retryWait(timers)).to.equal(500);
  });

  it('starts the count again once a connection has stayed open a while', () => {
    const { subject, timers } = reconnector(() => 0.5);
    subject.opened();
    subject.closed(LIVE_DROP);
    timers.fire(retryWait(timers));
    subject.opened();
    timers.fire(RECONNECT_POLICY.stableAfter);
    expect(subject.attempt).to.equal(0);
    subject.closed(LIVE_DROP);
    expect(subject.attempt).to.equal(1);
    expect(retryWait(timers)).to.equal(250);
  });

  it('stops when the reader disconnects while it waits: the timer is cleared and nothing else is tried', () => {
    const { subject, timers, retries } = reconnector(() => 0.5);
    subject.opened();
    subject.closed(LIVE_DROP);
    expect(subject.stop(), 'an attempt was pending').to.equal(true);
    expect(timers.pending.size).to.equal(0);
    expect(subject.active).to.equal(false);
    expect(subject.closed(FAILED)).to.equal(false);
    expect(retries()).to.equal(0);
  });

  it('lets an ending stand once the reader closed the connection, until the reader connects again', () => {
    const { subject, timers } = reconnector(() => 0.5);
    subject.opened();
    expect(subject.stop(), 'nothing was pending').to.equal(false);
    expect(subject.closed(LIVE_DROP)).to.equal(false);
    expect(timers.pending.size).to.equal(0);

    subject.reset();
    subject.opened();
    expect(subject.closed(LIVE_DROP)).to.equal(true);
  });

  it('never reconnects a simulated connection, a close sent on purpose, or a reader’s own attempt that failed', () => {
    const { subject, timers } = reconnector(() => 0.5);
    subject.opened();
    expect(subject.closed({ code: 1001, opened: true, live: false }), 'simulated').to.equal(false);
    subject.opened();
    expect(subject.closed({ code: 1000, opened: true, live: true }), '1000').to.equal(false);
    subject.opened();
    expect(subject.closed({ code: 4000, opened: true, live: true }), '4000').to.equal(false);
    expect(subject.closed(FAILED), 'a first connect that failed').to.equal(false);
    expect(timers.waits.filter((ms) => ms !== RECONNECT_POLICY.stableAfter)).to.deep.equal([]);
  });
});
