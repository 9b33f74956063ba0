/**
 * Small byte arrays carved from shared slabs, as Node's `Buffer.allocUnsafe`
 * does: V8 allocates any typed array over 64 bytes off the heap, which costs
 * more than framing a small message does. Slabs start zeroed and are never
 * reused, so no bytes leak between arrays; a slab is freed once no array
 * views it.
 *
 * Consequence for callers: an array from here is a view (mind `byteOffset`)
 * and its `.buffer` holds other arrays too, so never transfer or detach it.
 */

const SLAB_BYTES = 16 * 1024;
/** Bigger arrays get their own buffer: copying and masking them costs more than allocating. */
const POOLED_MAX = 1024;

let slab: ArrayBuffer | null = null;
let used = 0;

/** A zeroed array of `length` bytes, 8-byte aligned (so `Uint32Array` views fit). */
export function allocate(length: number): Uint8Array {
  if (length > POOLED_MAX) return new Uint8Array(length);
  if (slab === null || used + length > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const bytes = new Uint8Array(slab, used, length);
  used = (used + length + 7) & ~7;
  return bytes;
}
