/**
 * Splits a message's payload into `parts` pieces of nearly equal size, in
 * order, for a first frame and its continuations (§5.4). Pieces may be empty
 * when the payload is shorter than `parts`: empty continuation frames are
 * legal, and a text message may be cut inside a UTF-8 character, since only
 * the whole message must be valid UTF-8 (§5.6, §8.1).
 */
export function splitPayload(payload: Uint8Array, parts: number): Uint8Array[] {
  const count = Math.max(1, Math.floor(parts));
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    pieces.push(
      payload.subarray(Math.floor((payload.length * i) / count), Math.floor((payload.length * (i + 1)) / count)),
    );
  }
  return pieces;
}
