import type { FrameEvent } from '../../protocol/index.ts';
import { SANDBOX_LIMITS } from './sandbox-messages.ts';

/**
 * The frame bytes one run may still send to the page, shared by all its
 * connections (SANDBOX_LIMITS.traceBytes): a few big messages would
 * otherwise be kept whole in the page, each in every trace event. Past the
 * budget a frame goes with its header alone, its length still in it.
 */
export class TraceBudget {
  #left: number = SANDBOX_LIMITS.traceBytes;

  /** Whether the budget has run out. */
  get spent(): boolean {
    return this.#left < 0;
  }

  /** The frame as it goes to the page: its bytes copied out of any shared buffer, or only its header once the budget is spent. */
  forward<E extends FrameEvent>(event: E): E {
    const cost = frameCost(event);
    if (!this.spent && cost <= this.#left) {
      this.#left -= cost;
      return whole(event);
    }
    this.#left = -1;
    return headerOnly(event);
  }
}

/** Whether `inner` lies within `outer`'s bytes. */
function inside(outer: Uint8Array, inner: Uint8Array): boolean {
  return (
    inner.buffer === outer.buffer &&
    inner.byteOffset >= outer.byteOffset &&
    inner.byteOffset + inner.byteLength <= outer.byteOffset + outer.byteLength
  );
}

/** The bytes that go to the page: an unmasked payload is a view of the frame's bytes and goes with them. */
function frameCost(event: FrameEvent): number {
  const payload = inside(event.bytes, event.frame.payload) ? 0 : event.frame.payload.byteLength;
  return event.bytes.byteLength + payload + (event.inflated?.byteLength ?? 0);
}

/** Bytes in a buffer of their own: a view of a shared slab (src/protocol/pool.ts) would send the whole slab. */
function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** `inner`, a view of `outer`, as the same view of `copy` (outer's copy): one message to the page then carries it once. */
function viewIn(outer: Uint8Array, copy: Uint8Array, inner: Uint8Array): Uint8Array {
  return copy.subarray(inner.byteOffset - outer.byteOffset, inner.byteOffset - outer.byteOffset + inner.byteLength);
}

function whole<E extends FrameEvent>(event: E): E {
  const { bytes, frame, inflated } = event;
  const copy = own(bytes);
  const payload = inside(bytes, frame.payload) ? viewIn(bytes, copy, frame.payload) : own(frame.payload);
  return {
    ...event,
    bytes: copy,
    frame: { ...frame, payload, mask: frame.mask && own(frame.mask) },
    ...(inflated && { inflated: own(inflated) }),
  };
}

function headerOnly<E extends FrameEvent>(event: E): E {
  const { bytes, frame } = event;
  return {
    ...event,
    bytes: bytes.slice(0, frame.headerLength),
    frame: { ...frame, payload: new Uint8Array(0), mask: frame.mask && own(frame.mask) },
    inflated: undefined,
  };
}
