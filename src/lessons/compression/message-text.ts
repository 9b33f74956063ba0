import { Opcode, Side, tryDecodeUtf8 } from '../../protocol/index.ts';
import { hexPreview } from '../../components/frame-fields.ts';

/** Characters of a message the demos quote before "…". */
const QUOTED = 200;

/** A message as a reader wants it: its text in quotes, or its first bytes in hex. */
export function messageText(opcode: number, data: Uint8Array): string {
  const text = opcode === Opcode.binary ? null : tryDecodeUtf8(data);
  if (text === null) return hexPreview(data, 24);
  return `"${text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text}"`;
}

/** Which way a frame or message went, as the demos' tables say it. */
export function way(from: Side): string {
  return from === Side.client ? 'client → server' : 'server → client';
}
