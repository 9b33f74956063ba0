import { encodeBase64, type DataOpcode } from '../../protocol/index.ts';
import { AnyServerLimits, type KeepLimits, type MessageDirection, type SeenEvent } from '../../transport/any-server.ts';
import type { SeenConnection } from './har.ts';

/** One message in the JSON export: text as text, bytes as base64, each under its own name. */
export type SeenJsonMessage = {
  readonly direction: MessageDirection;
  /** Milliseconds since the epoch, fractional. */
  readonly time: number;
  readonly opcode: DataOpcode;
  readonly size: number;
} & ({ readonly text: string } | { readonly base64: string });

/** The JSON export: everything the page saw of one connection, in its own words. */
export interface SeenJson {
  readonly format: 'websocket-playground/any-server';
  readonly version: 1;
  readonly url: string;
  /** How many messages the page keeps, and how many of the oldest it dropped to stay within that. */
  readonly limits: KeepLimits;
  readonly dropped: number;
  readonly events: readonly SeenEvent[];
  readonly messages: readonly SeenJsonMessage[];
}

export function seenJson(connection: SeenConnection): SeenJson {
  return {
    format: 'websocket-playground/any-server',
    version: 1,
    url: connection.url,
    limits: AnyServerLimits,
    dropped: connection.dropped,
    events: connection.events,
    messages: connection.messages.map(({ direction, time, opcode, size, data }) => ({
      direction,
      time,
      opcode,
      size,
      ...(typeof data === 'string' ? { text: data } : { base64: encodeBase64(data) }),
    })),
  };
}

/** A file name that says what and when: `any-server-echo.example-20261202-142501.har`. */
export function exportFileName(url: string, time: number, extension: 'har' | 'json'): string {
  let host = 'server';
  try {
    host = new URL(url).host.replace(/[^a-zA-Z0-9.-]+/g, '_');
  } catch {
    // An unparsable URL still gets a file: "server".
  }
  const stamp = new Date(time).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `any-server-${host}-${stamp}.${extension}`;
}
