import type { ReactiveControllerHost } from 'lit';
import { Inflater, Side } from '../../protocol/index.ts';
import { loadCompressor } from '../../transport/deflate-compressor.ts';
import { DeflateConnection } from './deflate-connection.ts';
import { DeflateMessages } from './deflate-messages.ts';
import { NO_TAKEOVER, ServerAnswer, deflateTarget } from './deflate-target.ts';
import { SHAPES, fastestMicros, payloadOf, type MessageShape } from './cost-model.ts';
import { frameSize } from './wire-size.ts';

/** One shape's costs: bytes from the trace, times measured in the page. */
export interface CostRow {
  readonly shape: MessageShape;
  readonly size: number;
  /** The browser's frame with and without compression (masked: 4 bytes of key). */
  readonly clientPlain: number;
  readonly clientCompressed: number;
  /** The server's echo with and without compression. */
  readonly serverPlain: number;
  readonly serverCompressed: number;
  /** Microseconds to compress one message with pako, and to inflate it with the lesson's decoder: the fastest of many runs. */
  readonly compressMicros: number;
  readonly inflateMicros: number;
}

export const CostState = { idle: 'idle', running: 'running', done: 'done', failed: 'failed' } as const;
export type CostState = (typeof CostState)[keyof typeof CostState];

const WAIT_MS = 10_000;

/** Each message compressed on its own, so every row is one message's cost whatever came before. */
export const COST_TARGET = deflateTarget(ServerAnswer.accept, NO_TAKEOVER);

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The cost table's run: one message of each shape over `/deflate` with no
 * context takeover, on the wire the settings choose, its frames read back
 * from the trace; then, in the page, how long compressing (pako: zlib in
 * JavaScript) and inflating (the lesson's decoder) one such message takes.
 */
export class CostRun {
  state: CostState = CostState.idle;
  rows: readonly CostRow[] = [];
  problem: string | undefined;
  readonly connection: DeflateConnection;
  readonly #host: Pick<ReactiveControllerHost, 'requestUpdate'>;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    this.connection = new DeflateConnection(host);
  }

  async run(): Promise<void> {
    if (this.state === CostState.running) return;
    this.#set(CostState.running, [], undefined);
    const messages = SHAPES.map((shape) => shape.make());
    const connection = this.connection;
    connection.connect(COST_TARGET);
    if (!(await connection.until(() => connection.isOpen, WAIT_MS))) {
      this.#set(CostState.failed, [], connection.failure ?? 'The connection did not open.');
      return;
    }
    for (const message of messages) connection.send(message);
    // In Live mode the frames reach the trace on the side channel, a little after the echoes reach the page.
    const reader = new DeflateMessages();
    const read = (): number => reader.update(connection.trace).length;
    const echoed = await connection.until(() => read() >= 2 * messages.length, WAIT_MS);
    connection.disconnect();
    if (!echoed) {
      this.#set(CostState.failed, [], 'Not every message came back: the connection closed or went quiet.');
      return;
    }
    const sent = reader.messages.filter((message) => message.from === Side.client);
    const echoes = reader.messages.filter((message) => message.from === Side.server);
    const compressor = await loadCompressor({ windowBits: 15, noContextTakeover: true });
    const inflater = new Inflater({ windowBits: 15, noContextTakeover: true });
    const rows: CostRow[] = [];
    for (const [index, shape] of SHAPES.entries()) {
      const payload = payloadOf(messages[index]!);
      const compressed = compressor.compress(payload);
      // Let the page paint between shapes: each timing takes a few milliseconds.
      await nextTask();
      rows.push({
        shape,
        size: payload.length,
        clientPlain: frameSize(payload.length, true),
        clientCompressed: sent[index]?.wireBytes ?? Number.NaN,
        serverPlain: frameSize(payload.length, false),
        serverCompressed: echoes[index]?.wireBytes ?? Number.NaN,
        compressMicros: fastestMicros(() => compressor.compress(payload)),
        inflateMicros: fastestMicros(() => inflater.inflate(compressed)),
      });
    }
    this.#set(CostState.done, rows, undefined);
  }

  #set(state: CostState, rows: readonly CostRow[], problem: string | undefined): void {
    this.state = state;
    this.rows = rows;
    this.problem = problem;
    this.#host.requestUpdate();
  }
}
