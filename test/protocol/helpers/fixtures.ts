/**
 * Shared by the protocol tests: hex fixtures, a seeded PRNG and checks on
 * `FrameError`.
 */
import assert from 'node:assert/strict';
import { FrameError, type FrameErrorCode } from '../../../src/protocol/index.ts';

/** Bytes from hex written as on paper: `hex('81 05 48 65')`. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/\s+/g, '');
  assert.match(digits, /^(?:[0-9a-f]{2})*$/i, `not hex: ${text}`);
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

/** Bytes as spaced hex, so a failing comparison is readable. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
}

/** mulberry32: a small, fast, seeded PRNG, so every random test replays exactly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded source of test data. */
export interface Random {
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** true with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Uint8Array;
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)],
    bytes(length) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = (next() * 256) | 0;
      return out;
    },
  };
}

/** Asserts that `run` throws a `FrameError` with this code, close code and section. */
export function assertFrameError(
  run: () => unknown,
  expected: { code: FrameErrorCode; closeCode: number; section?: string },
): FrameError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof FrameError, `expected a FrameError ${expected.code}, got ${String(caught)}`);
  assert.equal(caught.code, expected.code);
  assert.equal(caught.closeCode, expected.closeCode);
  if (expected.section !== undefined) assert.equal(caught.section, expected.section);
  assert.ok(caught.message.length > 20, 'the message explains the fault');
  return caught;
}
