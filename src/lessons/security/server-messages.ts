import type { SecureServerMessage } from '../../service/security-messages.ts';

const TYPES: ReadonlySet<string> = new Set(['welcome', 'posted', 'expiring', 'reauthenticated', 'error']);

/**
 * A `/secure` message as the page reads it, or undefined for anything else:
 * the demos trust the type and show the fields as text, never as markup.
 */
export function readServerMessage(text: string): SecureServerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && TYPES.has(type) ? (value as SecureServerMessage) : undefined;
}

/** Milliseconds as the demos say them: "600 ms", "1.5 s", "8 s", "10 min". */
export function seconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  const value = Math.round(ms / 100) / 10;
  return `${value} s`;
}

/** One line for a message from `/secure`, as a demo's list shows it. */
export function describeServerMessage(message: SecureServerMessage): string {
  switch (message.type) {
    case 'welcome':
      return `welcome: ${message.user}, ${message.role}, proved by ${message.via}; the credential expires in ${seconds(message.expiresInMs)}`;
    case 'posted':
      return `posted: ${message.by} wrote “${message.text}”`;
    case 'expiring':
      return `expiring: send a fresh token within ${seconds(message.inMs)}`;
    case 'reauthenticated':
      return `reauthenticated: the connection lives on, for ${seconds(message.expiresInMs)} more`;
    case 'error':
      return `error: ${message.reason}`;
  }
}
