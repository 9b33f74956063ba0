/**
 * Reassembles messages from decoded frames (§5.4): a message is a text or
 * binary frame followed by continuation frames up to the one with FIN set,
 * and control frames may arrive between those fragments. Under
 * permessage-deflate, RSV1 on a message's first frame says its payload is
 * compressed (RFC 7692 §6); the reader hands it on as it came, to inflate.
 */
import { decodeClosePayload } from './close-payload.ts';
import { FrameError } from './errors.ts';
import type { Frame } from './frame.ts';
import { Opcode } from './opcodes.ts';
import type { ControlOpcode, DataOpcode } from './opcodes.ts';
import { Utf8State, scanUtf8 } from './utf8.ts';

export interface MessageReaderOptions {
  /** Largest message, all fragments together; more throws 1009. */
  readonly maxMessage?: number | undefined;
}

/** A whole data message, or a control frame passed through as it came. */
export interface Message {
  readonly opcode: DataOpcode | ControlOpcode;
  /** The payload as received: still compressed when `compressed` is true. */
  readonly data: Uint8Array;
  /**
   * RSV1 of the message's first frame (RFC 7692 §6): `data` is DEFLATE data
   * without its tail, to inflate; a compressed text message is checked as
   * UTF-8 only once inflated, by whoever inflates it. Always false for control frames.
   */
  readonly compressed: boolean;
}

export interface MessageReader {
  /**
   * Takes the next frame; returns the message it completes, the control
   * frame itself, or null while a fragmented message is still open. Throws
   * `FrameError` when the frames break §5.4, an uncompressed text message
   * is not UTF-8 (1007), a message passes `maxMessage` (1009) or a close body is invalid.
   * After a throw the connection is failed (§7.1.7): read no further.
   */
  push(frame: Frame): Message | null;
}

/**
 * The reader's state: `Idle` between messages, or the opcode of the open
 * message, which its continuation frames inherit (§5.4).
 */
const Idle = 0;
type OpenMessage = typeof Idle | DataOpcode;

class FrameReassembler implements MessageReader {
  readonly #maxMessage: number | undefined;
  #open: OpenMessage = Idle;
  #fragments: Uint8Array[] = [];
  #size = 0;
  #compressed = false;
  #utf8: Utf8State = Utf8State.accept;

  constructor(options: MessageReaderOptions) {
    this.#maxMessage = options.maxMessage;
  }

  push(frame: Frame): Message | null {
    const { opcode, payload } = frame;
    if (opcode === Opcode.close || opcode === Opcode.ping || opcode === Opcode.pong) {
      if (opcode === Opcode.close) decodeClosePayload(payload);
      return { opcode, data: payload, compressed: false };
    }

    if (opcode === Opcode.continuation) {
      if (this.#open === Idle) {
        throw new FrameError(
          'FRAME_ERR_UNEXPECTED_CONTINUATION',
          'A continuation frame arrived, but no fragmented message was open (§5.4).',
        );
      }
    } else if (this.#open !== Idle) {
      throw new FrameError(
        'FRAME_ERR_EXPECTED_CONTINUATION',
        `A new ${opcode === Opcode.text ? 'text' : 'binary'} frame arrived before the open message ended; ` +
          'its fragments must come as continuation frames (§5.4).',
      );
    } else {
      this.#open = opcode;
      this.#compressed = frame.rsv1;
    }

    this.#size += payload.length;
    if (this.#maxMessage !== undefined && this.#size > this.#maxMessage) {
      throw new FrameError(
        'FRAME_ERR_MESSAGE_TOO_LARGE',
        `The message has reached ${this.#size} bytes; this endpoint accepts at most ${this.#maxMessage}.`,
      );
    }
    // Validate text as it arrives, so a bad byte fails at once (§8.1); compressed text only once inflated.
    const text = this.#open === Opcode.text && !this.#compressed;
    if (text) {
      this.#utf8 = scanUtf8(payload, this.#utf8);
      if (this.#utf8 === Utf8State.reject) throw invalidText();
    }
    if (!frame.fin) {
      this.#fragments.push(payload);
      return null;
    }

    if (text && this.#utf8 !== Utf8State.accept) throw invalidText();
    const message: Message = { opcode: this.#open, data: this.#join(payload), compressed: this.#compressed };
    this.#open = Idle;
    this.#fragments = [];
    this.#size = 0;
    this.#compressed = false;
    this.#utf8 = Utf8State.accept;
    return message;
  }

  /** The open message's fragments and `last`, in one array (no copy for one frame). */
  #join(last: Uint8Array): Uint8Array {
    if (this.#fragments.length === 0) return last;
    const data = new Uint8Array(this.#size);
    let offset = 0;
    for (const fragment of this.#fragments) {
      data.set(fragment, offset);
      offset += fragment.length;
    }
    data.set(last, offset);
    return data;
  }
}

function invalidText(): FrameError {
  return new FrameError('FRAME_ERR_INVALID_UTF8', 'This text message is not valid UTF-8 (§5.6, §8.1).');
}

/** A reader for one connection's incoming frames, in order. */
export function createMessageReader(options: MessageReaderOptions = {}): MessageReader {
  return new FrameReassembler(options);
}
