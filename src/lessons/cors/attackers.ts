import { crossSiteAddress, defaultOtherSite } from './hijack-run.ts';
import { ATTACKER_ORIGIN } from './requests.ts';

/**
 * Where the hijack demo's attacker page is. On the same site as the server
 * (another port of its host: another origin, but ports do not make a site),
 * or on another site. Cookies tell the two apart (RFC 6265bis §5.2); the
 * Origin check refuses both.
 */
export const Attacker = { sameSite: 'same-site', crossSite: 'cross-site' } as const;
export type Attacker = (typeof Attacker)[keyof typeof Attacker];

/**
 * The simulated attacker's origin: the server's host on the next port, as
 * `npm start` serves the other site, or a page on evil.example.
 */
export function simulatedAttacker(attacker: Attacker, serverUrl: string): string {
  return attacker === Attacker.sameSite ? defaultOtherSite(serverUrl) : ATTACKER_ORIGIN;
}

/**
 * The live attacker's address: the other site the live server runs on its
 * port + 1, by the server's own host name, or by the other loopback name
 * (another site for the same page). None when the server's host has no
 * other loopback name.
 */
export function liveAttacker(attacker: Attacker, serverUrl: string): string | undefined {
  const sameSite = defaultOtherSite(serverUrl);
  return attacker === Attacker.sameSite ? sameSite : crossSiteAddress(sameSite);
}
