import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { ConfigError } from './config-error.ts';

/** An IPv4 address as Node may report it on a dual-stack socket (`::ffff:127.0.0.1`), written plainly. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * TRUSTED_PROXIES: the addresses of the reverse proxies in front of this
 * server (comma-separated IP addresses). Empty by default: then
 * X-Forwarded-For is never read, since any client could write it.
 */
export function readTrustedProxies(text: string | undefined): readonly string[] {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (isIP(entry) === 0) {
      throw new ConfigError(`TRUSTED_PROXIES has "${entry}", which is not an IP address (such as 127.0.0.1 or ::1)`);
    }
  }
  return entries.map(plain);
}

/**
 * The client a connection stands for, as the per-address limit and the logs
 * count it. From a trusted proxy, it is the last address in X-Forwarded-For
 * that is not a trusted proxy itself (each proxy appends the address it saw;
 * entries further left are the client's own word and could be forged).
 * From anyone else, it is the socket's own address.
 */
export function clientAddress(request: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (!trustedProxies.has(plain(peer))) return peer;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((hop) => plain(hop.trim()));
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index]!;
    if (isIP(hop) === 0) return peer;
    if (!trustedProxies.has(hop)) return hop;
  }
  return peer;
}
