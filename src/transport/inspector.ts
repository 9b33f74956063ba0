import { CLOCK_PROBE, parseClockAnswer, parseTraceEvent, type TraceEvent } from '../protocol/index.ts';
import { estimateOffset, type ClockOffset, type ClockSample } from './clock-sync.ts';
import { endpointUrl } from './endpoint-url.ts';
import { TraceAddEvent, TraceStream, type TimelineEvent } from './trace-stream.ts';

type TimelineWireEvent = TimelineEvent & TraceEvent;

/**
 * The live server's side channel, `/inspect?trace=ID`: the server's own view
 * of every connection whose URL names the same id (the request headers it
 * received, each frame as it crossed the socket, its notes), as trace events.
 * The page chooses the id, 128 random bits, so no one else's connections can
 * show up here, nor these anywhere else. The stream also reads the server's
 * clock a few times, so the page can put the server's events on its own.
 */

/**
 * Clock probes per stream: a few at once, then one every PROBE_EVERY_MS,
 * since a page busy loading answers late and a calmer moment gives a shorter
 * round trip. The server answers at most 16.
 */
const CLOCK_PROBES = 12;
const QUICK_PROBES = 4;
const PROBE_EVERY_MS = 2000;

/** 128 random bits in hex: no one can guess another reader's trace. */
export function newTraceId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** `target` with `trace=ID` added to its query: the server then reports that connection on the id's stream. */
export function withTrace(target: string, id: string): string {
  return `${target}${target.includes('?') ? '&' : '?'}trace=${id}`;
}

export interface InspectorStream {
  /** The id a watched connection names in its URL as `trace=`. */
  readonly id: string;
  /** True once the server accepted the stream; false when it refused it or was not there. */
  readonly ready: Promise<boolean>;
  close(): void;
}

export interface InspectorListeners {
  readonly onEvent: (event: TraceEvent) => void;
  /** Each better estimate of the offset between the server's clock and the page's. */
  readonly onClock?: (offset: ClockOffset) => void;
  /** A message the page cannot read, in a sentence; by default a note among the events. */
  readonly onUnreadable?: (text: string) => void;
  /**
   * The stream ended: `opened` false when the server refused it or was not
   * there, true when it closed an open stream (it does after a minute with no
   * connection naming the id).
   */
  readonly onEnd?: (opened: boolean) => void;
}

/** Opens the stream for a fresh id. */
export function openInspector(serverUrl: string, listeners: InspectorListeners): InspectorStream {
  const { onEvent, onClock = () => {}, onEnd = () => {} } = listeners;
  const onUnreadable = listeners.onUnreadable ?? ((text: string) => onEvent({ type: 'note', at: 0, text }));
  const id = newTraceId();
  const socket = new WebSocket(endpointUrl(serverUrl, `/inspect?trace=${id}`));
  const samples: ClockSample[] = [];
  let probeSent = 0;
  let best: ClockOffset | undefined;
  const probe = (): void => {
    if (socket.readyState !== WebSocket.OPEN) return;
    probeSent = performance.now();
    socket.send(CLOCK_PROBE);
  };
  socket.addEventListener('message', (event) => {
    const received = performance.now();
    const text = String(event.data);
    const server = parseClockAnswer(text);
    if (server !== undefined) {
      samples.push({ sent: probeSent, server, received });
      const estimate = estimateOffset(samples)!;
      if (!best || estimate.error < best.error) onClock((best = estimate));
      if (samples.length < QUICK_PROBES) probe();
      else if (samples.length < CLOCK_PROBES) setTimeout(probe, PROBE_EVERY_MS);
      return;
    }
    try {
      onEvent(parseTraceEvent(text));
    } catch (error) {
      onUnreadable(`The server sent a trace message this page cannot read: ${(error as Error).message}.`);
    }
  });
  let opened = false;
  const ready = new Promise<boolean>((resolve) => {
    socket.addEventListener('open', () => {
      opened = true;
      probe();
      resolve(true);
    });
    socket.addEventListener('close', () => {
      resolve(false);
      onEnd(opened);
    });
  });
  return {
    id,
    ready,
    close: () => {
      if (socket.readyState <= WebSocket.OPEN) socket.close(1000, 'done');
    },
  };
}

/**
 * Opens a stream to watch connections another client makes (a forged
 * handshake, another site's page) and keeps their events on one timeline,
 * on the page's clock since the watch began: `onEvents` hears it after each
 * change.
 */
export function watchInspector(
  serverUrl: string,
  onEvents: (events: readonly TraceEvent[]) => void,
  onEnd?: (opened: boolean) => void,
): InspectorStream {
  const trace = new TraceStream();
  // A watch holds no page API events: only the server's, and notes.
  const changed = (): void =>
    onEvents(trace.events.filter((event): event is TimelineWireEvent => event.type !== 'api'));
  trace.addEventListener(TraceAddEvent.eventName, changed);
  return openInspector(serverUrl, {
    onEvent: (event) => trace.pushServer(event),
    onClock: (offset) => {
      trace.setClockOffset(offset);
      changed();
    },
    onUnreadable: (text) => trace.push({ type: 'note', at: trace.now(), text }),
    onEnd,
  });
}
