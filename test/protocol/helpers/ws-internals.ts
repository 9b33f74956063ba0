/**
 * Types for the two ws internals the differential tests and the benchmark
 * drive directly: ws 8 exports `Sender` and `Receiver` (see wrapper.mjs), but
 * @types/ws does not declare them. Shapes from node_modules/ws/lib/sender.js
 * and receiver.js.
 */
import type { Writable } from 'node:stream';

declare module 'ws' {
  interface SenderFrameOptions {
    fin?: boolean;
    opcode: number;
    mask?: boolean;
    /** Where the key is written; with `generateMask` it fixes the key. */
    maskBuffer?: Buffer;
    generateMask?: (mask: Buffer) => void;
    /** false lets ws mask `data` in place. */
    readOnly?: boolean;
    rsv1?: boolean;
  }

  /** lib/sender.js: `frame` is a pure function returning the frame in pieces. */
  export class Sender {
    static frame(data: Buffer, options: SenderFrameOptions): Buffer[];
  }

  interface ReceiverOptions {
    isServer?: boolean;
    maxPayload?: number;
    allowSynchronousEvents?: boolean;
    skipUTF8Validation?: boolean;
  }

  /**
   * lib/receiver.js: a Writable that emits 'message' (data, isBinary), 'ping',
   * 'pong', 'conclude' (code, reason) and 'error'.
   */
  export class Receiver extends Writable {
    constructor(options?: ReceiverOptions);
  }
}
