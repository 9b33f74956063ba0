/**
 * One line of the server's log, as both wires write it: the live server to
 * its log (server/log.ts) and, on both wires, as a trace note, so the reader
 * sees the line the server wrote for a refusal or a close.
 */
import { redactSecrets } from '../protocol/index.ts';

/** The fields of a log line besides its event; undefined fields are left out. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The line as JSON: `{"event":"too-big","size":2048,"limit":1024}`. Secrets
 * are starred here too: a log must never hold a ticket or a token, even one
 * an endpoint was careless with.
 */
export function logLine(event: string, fields: LogFields = {}): string {
  return redactSecrets(JSON.stringify({ event, ...fields }));
}

/** The text of the trace note that shows a log line to the reader. */
export function serverLogNote(event: string, fields: LogFields = {}): string {
  return `server log: ${logLine(event, fields)}`;
}
