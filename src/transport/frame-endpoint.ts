import {
  decodeClosePayload,
  encodeClosePayload,
  FrameError,
  createMessageReader,
  decodeFrame,
  encodeFrame,
  createFrameStream,
  type WireFrame,
  splitPayload,
  Opcode,
  Side,
  decodeUtf8,
  encodeUtf8,
  type Inflater,
} from '../protocol/index.ts';
import type { Compressor } from './deflate-compressor.ts';

export interface FrameEndpointEvents {
  /** A whole message arrived. */
  message(data: string | Uint8Array): void;
  ping?(payload: Uint8Array): void;
  pong?(payload: Uint8Array): void;
  /** The peer's close frame arrived (§5.5.1); 1005 when it carried no code. */
  closeFrame(code: number, reason: string): void;
  /** The peer's bytes broke the protocol; a close frame with `error.closeCode` was sent back (§7.1.7). */
  protocolError(error: FrameError): void;
}

/** permessage-deflate as agreed for one side (RFC 7692 §7.1). */
export interface FrameDeflate {
  readonly compressor: Compressor;
  /** Whether this side sends a data message of this many bytes compressed. */
  readonly compresses: (byteLength: number) => boolean;
  /**
   * Inflates what the peer sends, with the peer compressor's window and context
   * rule (§7.1.1, §7.1.2), up to the largest message this side accepts: past it,
   * 1009 before inflating further (a bomb).
   */
  readonly inflater: Pick<Inflater, 'inflate'>;
}

export interface FrameEndpointOptions {
  readonly role: Side;
  /** Hands bytes to the connection, in order. */
  readonly write: (bytes: Uint8Array) => void;
  /** Reports each frame this side sends, exactly as written. */
  readonly sent: (frame: WireFrame) => void;
  readonly on: FrameEndpointEvents;
  /** Largest message accepted, fragments together; a bigger one fails the connection with 1009 (§7.4.1). */
  readonly maxPayload?: number | undefined;
  /** permessage-deflate, when the handshake agreed it; frames cross uncompressed otherwise. */
  readonly deflate?: FrameDeflate | undefined;
}

function randomMask(): Uint8Array {
  // §5.3: a fresh, unpredictable key for every frame.
  return crypto.getRandomValues(new Uint8Array(4));
}

/**
 * One end of a WebSocket connection, speaking real frames: the simulated
 * wire runs one as the browser and one as the server. A client masks every
 * frame and expects none masked; a server the reverse (§5.1).
 */
export class FrameEndpoint {
  readonly #role: Side;
  readonly #options: FrameEndpointOptions;
  readonly #stream;
  readonly #reader;
  #closeSent = false;
  #closeReceived = false;
  #failed = false;

  constructor(options: FrameEndpointOptions) {
    this.#role = options.role;
    this.#options = options;
    const { deflate, maxPayload } = options;
    // RFC 7692 §6: with the extension agreed, RSV1 marks a compressed message's first frame.
    this.#stream = createFrameStream({
      expectMasked: options.role === Side.server,
      maxPayload,
      allowRsv1: deflate !== undefined,
    });
    this.#reader = createMessageReader({ maxMessage: maxPayload });
  }

  get closeSent(): boolean {
    return this.#closeSent;
  }

  get closeReceived(): boolean {
    return this.#closeReceived;
  }

  /**
   * A text or binary message, in one frame or split into `fragments` (§5.4).
   * Compressed when the extension is agreed and the side's rule says so: the
   * compressed payload is what is split, RSV1 on the first frame only (RFC 7692
   * §6.1). ws flushes each fragment on its own instead: other bytes, the same message.
   */
  sendMessage(data: string | Uint8Array, fragments = 1): void {
    const text = typeof data === 'string';
    const plain = text ? encodeUtf8(data) : data;
    const { deflate } = this.#options;
    const compressed = deflate !== undefined && deflate.compresses(plain.length);
    const payload = compressed ? deflate.compressor.compress(plain) : plain;
    const pieces = splitPayload(payload, fragments);
    pieces.forEach((piece, index) => {
      const first = index === 0;
      const opcode = !first ? Opcode.continuation : text ? Opcode.text : Opcode.binary;
      this.#send(opcode, piece, index === pieces.length - 1, compressed && first);
    });
  }

  sendPing(payload: Uint8Array = new Uint8Array(0)): void {
    this.#send(Opcode.ping, payload);
  }

  /** Starts, or answers, the closing handshake (§7.1.2); sends at most one close frame. */
  sendClose(code?: number, reason = ''): void {
    if (this.#closeSent) return;
    this.#closeSent = true;
    // §7.1.5: no code in the frame is reported as 1005 on the other side.
    this.#send(
      Opcode.close,
      code === undefined || code === 1005 ? new Uint8Array(0) : encodeClosePayload(code, reason),
    );
  }

  /** Bytes from the peer. */
  receive(bytes: Uint8Array): void {
    if (this.#failed || this.#closeReceived) return;
    try {
      for (const { frame } of this.#stream.push(bytes)) {
        const message = this.#reader.push(frame);
        if (message) this.#dispatch(message.opcode, this.#inflate(message.compressed, message.data));
        if (this.#closeReceived) return;
      }
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      this.#failed = true;
      // The code says why; like ws, no reason text (the reader sees the error itself in the trace).
      this.sendClose(error.closeCode);
      this.#options.on.protocolError(error);
    }
  }

  /** A compressed message's payload inflated (RFC 7692 §7.2.2); the inflater throws 1009 for a bomb, 1007 for bad data. */
  #inflate(compressed: boolean, data: Uint8Array): Uint8Array {
    // The frame stream refuses RSV1 unless the extension was agreed, so a compressed message has an inflater.
    const { deflate } = this.#options;
    return compressed && deflate ? deflate.inflater.inflate(data) : data;
  }

  #dispatch(opcode: number, data: Uint8Array): void {
    const on = this.#options.on;
    switch (opcode) {
      case Opcode.text:
        on.message(decodeUtf8(data));
        return;
      case Opcode.binary:
        on.message(data.slice());
        return;
      case Opcode.ping:
        // §5.5.2: answer a ping with a pong carrying the same payload, unless closing.
        if (!this.#closeSent) this.#send(Opcode.pong, data);
        on.ping?.(data);
        return;
      case Opcode.pong:
        on.pong?.(data);
        return;
      case Opcode.close: {
        this.#closeReceived = true;
        const { code, reason } = decodeClosePayload(data);
        on.closeFrame(code, reason);
        return;
      }
    }
  }

  #send(opcode: number, payload: Uint8Array, fin = true, rsv1 = false): void {
    const mask = this.#role === Side.client ? randomMask() : null;
    const bytes = encodeFrame({ opcode, fin, rsv1, mask, payload });
    // encodeFrame may hand out a view of a shared slab: the wire gets its own copy.
    const wire = bytes.slice();
    this.#options.sent({ bytes: wire, frame: decodeFrame(wire, { allowRsv1: rsv1 })!.frame });
    this.#options.write(wire);
  }
}
