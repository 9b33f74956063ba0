/**
 * The WebSocket lane of the race: one connection to `/ticker`, which pushes
 * each update as it happens. Its cost is counted from the connection's
 * trace, the same in both modes: the upgrade request and the 101 response
 * once, then each frame's exact bytes (server frames carry a 2-byte header
 * for a payload under 126 bytes, §5.2; client frames add a 4-byte mask, §5.3).
 */
import { Opcode, Side } from '../../protocol/index.ts';
import type { TickMessage } from '../../service/json-messages.ts';
import { connect, explainFailure, type Connection } from '../../transport/connect.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';
import { ReadyState } from '../../transport/playground-socket.ts';
import { TraceAddEvent, type PageTraceEvent } from '../../transport/trace-stream.ts';
import { traceBytes } from './race-bytes.ts';
import { asTick, Tally, type RaceSettings } from './race-tally.ts';

function readTick(data: unknown): TickMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    return asTick(JSON.parse(data));
  } catch {
    return undefined;
  }
}

export class WebSocketRunner {
  readonly tally = new Tally();
  /** The connection's trace, for the trace table. */
  trace: readonly PageTraceEvent[] = [];
  readonly #settings: RaceSettings;
  readonly #changed: () => void;
  readonly #failed: (reason: string) => void;
  #connection: Connection | undefined;
  #stopping = false;

  constructor(settings: RaceSettings, changed: () => void, failed: (reason: string) => void) {
    this.#settings = settings;
    this.#changed = changed;
    this.#failed = failed;
  }

  get target(): string {
    return `/ticker?topic=${this.#settings.topic}&every=${this.#settings.every}`;
  }

  get url(): string {
    return endpointUrl(this.#settings.serverUrl, this.target);
  }

  start(): void {
    const { mode, serverUrl } = this.#settings;
    const sent = Date.now();
    let connection: Connection;
    try {
      connection = connect(this.target, { mode, serverUrl });
    } catch (error) {
      this.#failed(`The browser refused to open ${this.url}: ${(error as Error).message}`);
      return;
    }
    this.#connection = connection;
    const counted = (event: PageTraceEvent): void => {
      const { up, down } = traceBytes(event);
      this.tally.count(up, down);
      this.trace = connection.trace.events;
      // An update is one text frame from the server: its header is the framing (§5.2).
      if (event.type === 'frame' && event.from === Side.server && event.frame.opcode === Opcode.text) {
        this.tally.lastDelivery = { bytes: event.bytes.length, payload: event.frame.payload.length };
      }
    };
    // The simulated wire records its upgrade request before connect() returns.
    connection.trace.events.forEach(counted);
    // The trace keeps counting after Stop: the closing handshake's frames cost bytes too.
    connection.trace.addEventListener(TraceAddEvent.eventName, (event) => {
      if (this.#connection !== connection) return;
      counted(event.event);
      this.#changed();
    });
    const { socket } = connection;
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      this.tally.exchange(sent, Date.now(), 0);
      this.#changed();
    });
    socket.addEventListener('message', (event) => {
      const tick = readTick((event as MessageEvent<unknown>).data);
      if (!tick || this.#stopping) return;
      this.tally.deliver([tick], Date.now());
      this.#changed();
    });
    socket.addEventListener('close', (event) => {
      if (this.#connection !== connection || this.#stopping) return;
      if (opened) {
        const { code, reason } = event as CloseEvent;
        this.#failed(`The server closed the WebSocket with code ${code}${reason ? ` ("${reason}")` : ''}.`);
        return;
      }
      const origin = window.location.origin;
      void explainFailure(this.target, { mode, serverUrl }, origin).then((why) => this.#failed(why));
    });
  }

  /**
   * Closes the connection with 1000; its closing frames are still counted as
   * they cross. A connection still opening is closed once open: closing it
   * mid-handshake makes Chromium log an error.
   */
  stop(): void {
    this.#stopping = true;
    const socket = this.#connection?.socket;
    const close = (): void => socket?.close(1000, 'race stopped');
    if (socket?.readyState === ReadyState.connecting) socket.addEventListener('open', close);
    else if (socket?.readyState === ReadyState.open) close();
  }

  /** Stops and lets go of everything at once: the page is leaving the lesson. */
  abandon(): void {
    this.stop();
    this.#connection?.release();
    this.#connection = undefined;
  }
}
