import type { HeaderList } from '../../protocol/index.ts';
import { browserRequestHeaders, newKey } from '../../transport/browser-request.ts';

/**
 * The upgrade requests of the CORS lesson's demos that no page of this site
 * can send: the attacker's page on another origin, with the reader's cookie,
 * and a Node script that writes whatever Origin it likes.
 */

/** The origin a simulated attacker's page on another site has: a site the reader never meant to trust. */
export const ATTACKER_ORIGIN = 'http://evil.example';

/** The cookie the reader's browser holds for the playground's host, standing in for a login session. */
export const DEMO_COOKIE = 'wsp_demo_session=signed-in';

/** What the attacker's page sends once inside: on /echo it only comes back; on a real app it would act as the user. */
export const ATTACKER_MESSAGE = '{"action":"transfer","to":"mallory","amount":100}';

/** The headers of the attacker's request that the hijack demo marks, with why each is there. */
export const HIJACK_MARKS = {
  origin: 'set by the browser: the attacker’s page',
  cookie: 'your cookie, attached by your browser',
} as const;

/**
 * What the reader's browser sends for the attacker's page on `origin`: that
 * page's Origin, and the reader's cookie for `host` if the cookie rules let
 * it go (see cookie-rules.ts).
 */
export function attackerRequestHeaders(host: string, origin: string, withCookie: boolean): HeaderList {
  return browserRequestHeaders({ host, key: newKey(), origin, ...(withCookie ? { cookie: DEMO_COOKIE } : {}) });
}

/** The upgrade request of `new WebSocket(url, { origin })` from the ws package (ws 8), in its order. */
export function scriptRequestHeaders(host: string, origin: string): HeaderList {
  return [
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Key', newKey()],
    ['Connection', 'Upgrade'],
    ['Upgrade', 'websocket'],
    ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
    ['Origin', origin],
    ['Host', host],
  ];
}
