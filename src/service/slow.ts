/**
 * `/slow?bytesPerSecond=N`: a consumer slower than its producer. Whatever the
 * client sends, text or binary, is read at N bytes a second. The reader takes
 * at most one second's worth off the connection ahead of itself; then it stops
 * reading the connection (Peer.pauseReading) until it has worked through half
 * of that. What the client sends meanwhile waits in the buffers between: on the
 * live wire TCP's window closes and the browser's send buffer fills (what
 * `bufferedAmount` counts, or what makes a WebSocketStream write wait). Every
 * half second it reports what it has read so far, so a page can graph both
 * ends.
 */
import { utf8Length } from '../protocol/index.ts';
import { refuse, type Endpoint } from './endpoint.ts';
import type { Clock, Peer, Session } from './peer.ts';
import { readInteger, type IntegerRule } from './query.ts';
import { createSessionTimers } from './session-timers.ts';

export const SLOW_PATH = '/slow';

/** From 1 KiB/s (a trickle) to 1 MiB/s; 16 KiB/s when left out. */
export const BYTES_PER_SECOND: IntegerRule = {
  min: 1024,
  max: 1024 * 1024,
  of: 'bytes per second',
  fallback: 16 * 1024,
};

/** How often the reader reads, and how often it reports. */
export const READ_EVERY_MS = 100;
export const REPORT_EVERY_MS = 500;

/**
 * What a wire may still hand over after it was asked to stop reading: ws
 * finishes the chunk it was parsing (at most 64 KiB read from the socket),
 * and one message may be up to the server's 64 KiB. Past the window and this,
 * the wire is not pausing, and the reader stops rather than hold more.
 */
export const OVERRUN_BYTES = 256 * 1024;

/** §7.4.1: a policy the server will not keep the connection on. */
const POLICY_VIOLATION = 1008;

/** Sent every REPORT_EVERY_MS: the reader's side, for the page's graph. */
export interface SlowReadReport {
  readonly type: 'slow-read';
  /** Milliseconds since the connection opened (the server's clock). */
  readonly at: number;
  readonly bytesPerSecond: number;
  /** Bytes read so far: at most `bytesPerSecond` for each second since the connection opened. */
  readonly read: number;
  /** Bytes taken off the connection and not yet read: at most one second's worth, plus what the wire still handed over. */
  readonly waiting: number;
  /** Whether the reader has stopped reading the connection: the client's bytes wait in the buffers between. */
  readonly paused: boolean;
}

function size(data: string | Uint8Array): number {
  return typeof data === 'string' ? utf8Length(data) : data.length;
}

function openSlow(peer: Peer, clock: Clock, bytesPerSecond: number): Session {
  const timers = createSessionTimers(clock);
  const openedAt = clock.now();
  // One second's worth: a message bigger than that still goes in whole, and the reader then pauses at once.
  const window = bytesPerSecond;
  let lastRead = openedAt;
  let credit = 0;
  let waiting = 0;
  let read = 0;
  let paused = false;
  let open = true;

  function pause(): void {
    if (paused || waiting < window) return;
    paused = true;
    peer.pauseReading?.();
  }

  function resume(): void {
    // Half a window before reading again, so that the reader does not stop and start for every message.
    if (!paused || waiting > window / 2) return;
    paused = false;
    peer.resumeReading?.();
  }

  function readSome(): void {
    const now = clock.now();
    // What the clock allows since the last read, however late the timer ran; an idle reader banks nothing.
    credit += (bytesPerSecond * (now - lastRead)) / 1000;
    lastRead = now;
    const taken = Math.min(waiting, Math.floor(credit));
    waiting -= taken;
    read += taken;
    credit = waiting === 0 ? 0 : credit - taken;
    resume();
  }

  function report(): void {
    const message: SlowReadReport = {
      type: 'slow-read',
      at: clock.now() - openedAt,
      bytesPerSecond,
      read,
      waiting,
      paused,
    };
    peer.send(JSON.stringify(message));
  }

  timers.every(READ_EVERY_MS, readSome);
  timers.every(REPORT_EVERY_MS, report);

  return {
    message(data) {
      if (!open) return;
      waiting += size(data);
      if (waiting > window + OVERRUN_BYTES) {
        // Only a wire that cannot stop reading gets here: hold no more than the bound, end the connection.
        open = false;
        timers.stop();
        peer.log('slow-overrun', { waiting, limit: window + OVERRUN_BYTES });
        peer.close(POLICY_VIOLATION, `over ${window + OVERRUN_BYTES} bytes arrived while the reader had stopped`);
        return;
      }
      pause();
    },
    closed() {
      open = false;
      timers.stop();
    },
  };
}

export function createSlowEndpoint(clock: Clock): Endpoint {
  return {
    path: SLOW_PATH,
    summary: 'reads what the client sends at bytesPerSecond and reports how much it has read every half second',
    admit(target) {
      const bytesPerSecond = readInteger(target.query, 'bytesPerSecond', BYTES_PER_SECOND);
      if (!bytesPerSecond.ok) return refuse(bytesPerSecond.reason);
      return { ok: true, open: (peer) => openSlow(peer, clock, bytesPerSecond.value) };
    },
  };
}
