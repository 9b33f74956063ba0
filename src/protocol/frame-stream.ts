/**
 * Splits a byte stream into frames as the bytes arrive, in chunks of any
 * size: what a tap on a TCP connection needs. Each frame comes out with its
 * exact wire bytes beside its decoded fields.
 */
import { FrameError } from './errors.ts';
import { decodeFrame, type DecodeOptions, type Frame } from './frame.ts';

export interface WireFrame {
  /** The frame exactly as it crossed the wire (a copy). */
  readonly bytes: Uint8Array;
  readonly frame: Frame;
}

export interface FrameStream {
  /** Adds bytes; returns the frames they complete. Throws `FrameError` at the first invalid frame. */
  push(chunk: Uint8Array): WireFrame[];
  /** Bytes received that do not yet make a whole frame. */
  readonly pending: number;
}

/** `options` as for decodeFrame: `allowRsv1` once permessage-deflate is agreed (RFC 7692 §6). */
export function createFrameStream(options: DecodeOptions = {}): FrameStream {
  let buffer = new Uint8Array(0);
  let failed: FrameError | undefined;
  return {
    get pending() {
      return buffer.length;
    },
    push(chunk) {
      // After a protocol error the stream has lost its place (§7.1.7: the connection is failed).
      if (failed) throw failed;
      const joined = new Uint8Array(buffer.length + chunk.length);
      joined.set(buffer);
      joined.set(chunk, buffer.length);
      const frames: WireFrame[] = [];
      let offset = 0;
      try {
        for (;;) {
          const decoded = decodeFrame(joined.subarray(offset), options);
          if (!decoded) break;
          // `joined` is never written again, so the frame's payload may keep viewing it.
          frames.push({ bytes: joined.slice(offset, offset + decoded.size), frame: decoded.frame });
          offset += decoded.size;
        }
      } catch (error) {
        if (error instanceof FrameError) failed = error;
        throw error;
      } finally {
        buffer = joined.slice(offset);
      }
      return frames;
    },
  };
}
