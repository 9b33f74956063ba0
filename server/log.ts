import { redactSecrets } from '../src/protocol/index.ts';
import type { LogFields } from '../src/service/log-line.ts';

/** One structured line per event, so logs can be read by people and by tools. The fields are the service's own. */
export type { LogFields };
export type Logger = (event: string, fields?: LogFields) => void;

/**
 * The line as written: a time, the event, its fields, as JSON. Tickets, tokens
 * and session ids are starred in every field (prefix kept, so the line still
 * says which kind it was): a log is read by more people, and kept longer, than
 * the secrets it might catch, and one careless field must not leak one.
 */
export function jsonLogLine(event: string, fields: LogFields = {}, time = new Date()): string {
  // Starring the serialized line stars every string in it: a secret's characters need no escaping in JSON.
  return redactSecrets(JSON.stringify({ time: time.toISOString(), event, ...fields }));
}

export const jsonLogger: Logger = (event, fields = {}) => {
  process.stdout.write(`${jsonLogLine(event, fields)}\n`);
};

export const silentLogger: Logger = () => {};
