import { shortestLengthForm } from '../../protocol/index.ts';
import { groupDigits } from '../../protocol/group-digits.ts';

/** A frame's size on the wire for `payload` bytes (RFC 6455 §5.2): 2 bytes, the extended length, a client's 4-byte key, the payload. */
export function frameSize(payload: number, masked: boolean): number {
  const form = shortestLengthForm(payload);
  return 2 + (form === 16 ? 2 : form === 64 ? 8 : 0) + (masked ? 4 : 0) + payload;
}

/** "1,234 bytes", "1 byte". */
export function bytesText(count: number): string {
  return `${groupDigits(count)} byte${count === 1 ? '' : 's'}`;
}
