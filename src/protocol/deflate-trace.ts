/**
 * Adds the inflated payload to a trace, the same way for both wires: a 101
 * that agreed permessage-deflate sets up one inflater per direction (client
 * frames with the client_* parameters, server frames with the server_*
 * ones, RFC 7692 §7.1), and the frame that ends each compressed message
 * comes back with the whole message inflated. Frame bytes stay as they were
 * on the wire.
 */
import { FrameError } from './errors.ts';
import type { HeaderList } from './handshake.ts';
import { Inflater } from './inflate.ts';
import { Opcode, isControlOpcode } from './opcodes.ts';
import { checkDeflateAnswer, type DeflateParams } from './permessage-deflate.ts';
import type { FrameEvent, Side, TraceEvent } from './trace.ts';

export interface DeflateTraceReaderOptions {
  /** Largest message to inflate; past it the frame gets `inflateError` (a bomb is reported, not inflated). Default 1 MiB. */
  readonly maxOutput?: number | undefined;
}

/** One direction's message in progress. */
class Direction {
  readonly inflater: Inflater;
  /** Inside a message (after its first frame, before FIN). */
  open = false;
  /** RSV1 of the open message's first frame. */
  compressed = false;
  fragments: Uint8Array[] = [];

  constructor(windowBits: number, noContextTakeover: boolean, maxOutput: number) {
    this.inflater = new Inflater({ windowBits, noContextTakeover, maxOutput });
  }
}

const DEFAULT_MAX_OUTPUT = 1024 * 1024;

export class DeflateTraceReader {
  readonly #maxOutput: number;
  /** The client's offer, from the handshake request. */
  #offer: string | undefined;
  #directions: Readonly<Record<Side, Direction>> | null = null;

  constructor(options: DeflateTraceReaderOptions = {}) {
    this.#maxOutput = options.maxOutput ?? DEFAULT_MAX_OUTPUT;
  }

  /** Takes the next event of the trace; returns it, or for a frame ending a compressed message a copy with `inflated` or `inflateError`. */
  push(event: TraceEvent): TraceEvent {
    switch (event.type) {
      case 'handshake-request':
        this.#offer = extensionsHeader(event.headers);
        this.#directions = null;
        return event;
      case 'handshake-response':
        this.#directions = null;
        if (event.status === 101) this.#agree(extensionsHeader(event.headers));
        return event;
      case 'frame':
        return this.#directions ? this.#frame(event, this.#directions[event.from]) : event;
      default:
        return event;
    }
  }

  #agree(answer: string | undefined): void {
    if (answer === undefined) return;
    // Without the request in the trace, the answer is checked against itself: its own parameters must be valid.
    const checked = checkDeflateAnswer(this.#offer ?? answer, answer);
    if (!checked.ok || checked.params === null) return;
    const params: DeflateParams = checked.params;
    this.#directions = {
      client: new Direction(params.clientMaxWindowBits, params.clientNoContextTakeover, this.#maxOutput),
      server: new Direction(params.serverMaxWindowBits, params.serverNoContextTakeover, this.#maxOutput),
    };
  }

  #frame(event: FrameEvent, direction: Direction): TraceEvent {
    const { frame } = event;
    if (isControlOpcode(frame.opcode)) return event;
    if (frame.opcode === Opcode.continuation) {
      if (!direction.open) return event;
    } else {
      direction.open = true;
      direction.compressed = frame.rsv1;
      direction.fragments = [];
    }
    if (direction.compressed) direction.fragments.push(frame.payload);
    if (!frame.fin) return event;

    direction.open = false;
    if (!direction.compressed) return event;
    const payload = join(direction.fragments);
    direction.fragments = [];
    try {
      return { ...event, inflated: direction.inflater.inflate(payload) };
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      return { ...event, inflateError: error.message };
    }
  }
}

/** Sec-WebSocket-Extensions, its lines joined as one list (RFC 9110 §5.3), or undefined when absent. */
function extensionsHeader(headers: HeaderList): string | undefined {
  const values = headers
    .filter(([name]) => name.toLowerCase() === 'sec-websocket-extensions')
    .map(([, value]) => value);
  return values.length === 0 ? undefined : values.join(', ');
}

function join(fragments: readonly Uint8Array[]): Uint8Array {
  if (fragments.length === 1) return fragments[0];
  const data = new Uint8Array(fragments.reduce((sum, fragment) => sum + fragment.length, 0));
  let offset = 0;
  for (const fragment of fragments) {
    data.set(fragment, offset);
    offset += fragment.length;
  }
  return data;
}
