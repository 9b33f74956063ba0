import { createOriginPolicy, type OriginPolicy } from '../../protocol/index.ts';
import { connectionSettings } from '../../controllers/connection-settings.ts';
import { ConnectionMode } from '../../transport/mode.ts';

/** Parses the reader's list: origins separated by commas (spaces allowed). */
export function allowEntries(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** `/cors?allow=…` with the list readable in the trace: only what a URL cannot carry is escaped. */
export function corsTarget(entries: readonly string[]): string {
  const encoded = entries.map((entry) => encodeURIComponent(entry).replace(/%3A/gi, ':').replace(/%2F/gi, '/'));
  return `/cors?allow=${encoded.join(',')}`;
}

/** The live server URL in use, or the default one when the reader's is no URL (the simulated server lives there too). */
export function serverBase(): string {
  try {
    return new URL(connectionSettings.serverUrl).href.replace(/\/$/, '');
  } catch {
    return 'ws://localhost:8080';
  }
}

/** The host of the live server URL in use (the simulated server pretends to live there too). */
export function serverHost(): string {
  try {
    return new URL(connectionSettings.serverUrl).host;
  } catch {
    return 'localhost:8080';
  }
}

/** Where the server lives, for the diagrams: its host, or "inside this page". */
export function serverPlace(): string {
  return connectionSettings.mode === ConnectionMode.simulated ? 'simulated, in this page' : serverHost();
}

/**
 * The simulated server's own allowlist: this page's origin only, as the live
 * server's default ALLOWED_ORIGINS holds the origin it serves, so a scenario
 * ends the same on both wires.
 */
export function siteAllowlist(): OriginPolicy {
  try {
    return createOriginPolicy([window.location.origin]);
  } catch {
    return createOriginPolicy(['http://localhost:8080']);
  }
}
