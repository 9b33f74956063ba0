import { Opcode, Side } from '../../protocol/index.ts';
import type { PageTraceEvent } from '../../transport/trace-stream.ts';
import { hex } from '../../transport/socket-data.ts';

/** One ping the server sent, and the pong that answered it if one came. */
export interface PingPong {
  /** The ping's payload as text: the /ping endpoint numbers its pings; ws's own heartbeat sends none. */
  readonly payload: string;
  readonly pingAt: number;
  /** The ping frame as it crossed the wire: server frames are not masked (§5.1). */
  readonly pingBytes: string;
  readonly pongAt: number | undefined;
  /** The pong frame: masked, like every frame a client sends (§5.3). */
  readonly pongBytes: string | undefined;
}

const latin1 = new TextDecoder('latin1');

/**
 * Pairs each server ping in a trace with the client's pong that carries the
 * same payload (§5.5.3: "the same Application data"), oldest first.
 */
export function pingPongs(events: readonly PageTraceEvent[]): PingPong[] {
  const rows: PingPong[] = [];
  for (const event of events) {
    if (event.type !== 'frame') continue;
    const payload = latin1.decode(event.frame.payload);
    if (event.frame.opcode === Opcode.ping && event.from === Side.server) {
      rows.push({ payload, pingAt: event.at, pingBytes: hex(event.bytes), pongAt: undefined, pongBytes: undefined });
    } else if (event.frame.opcode === Opcode.pong && event.from === Side.client) {
      const index = rows.findIndex((row) => row.pongAt === undefined && row.payload === payload);
      if (index >= 0) rows[index] = { ...rows[index]!, pongAt: event.at, pongBytes: hex(event.bytes) };
    }
  }
  return rows;
}
