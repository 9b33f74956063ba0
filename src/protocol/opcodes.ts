/**
 * Frame opcodes (RFC 6455 §5.2, §11.8). 3-7 and 11-15 are reserved for future
 * use and must fail the connection (§5.2).
 */
export const Opcode = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

export type Opcode = (typeof Opcode)[keyof typeof Opcode];

/** A data frame's opcode: the first frame of a message says text or binary (§5.6). */
export type DataOpcode = typeof Opcode.text | typeof Opcode.binary;

/** A control frame's opcode (§5.5). */
export type ControlOpcode = typeof Opcode.close | typeof Opcode.ping | typeof Opcode.pong;

/** The names a reader sees in the frame view, e.g. `opcodeName(9) === 'ping'`. */
const NAMES: Readonly<Record<Opcode, keyof typeof Opcode>> = {
  0x0: 'continuation',
  0x1: 'text',
  0x2: 'binary',
  0x8: 'close',
  0x9: 'ping',
  0xa: 'pong',
};

/** §5.2: only 0, 1, 2, 8, 9 and 10 are defined; anything else is reserved. */
export function isKnownOpcode(opcode: number): opcode is Opcode {
  return (opcode >= 0x0 && opcode <= 0x2) || (opcode >= 0x8 && opcode <= 0xa);
}

/** §5.5: control frames have opcodes whose most significant bit is 1 (0x8-0xF). */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}

/** The opcode's name, or `reserved (0x3)` for one the RFC leaves unassigned. */
export function opcodeName(opcode: number): string {
  return isKnownOpcode(opcode) ? NAMES[opcode] : `reserved (0x${opcode.toString(16)})`;
}
