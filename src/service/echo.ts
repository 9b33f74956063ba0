import type { Endpoint } from './endpoint.ts';
import type { Peer, Session } from './peer.ts';

/** Sends every message back as it came: text as text, bytes as bytes. */
export function echoSession(peer: Peer): Session {
  return {
    message: (data) => peer.send(data),
    closed: () => {},
  };
}

/** `/echo`: every message back unchanged. */
export const echoEndpoint: Endpoint = {
  path: '/echo',
  summary: 'sends every message back unchanged',
  // Named as §1.9 suggests; they change nothing here, but let a lesson show the negotiation.
  protocols: ['v2.echo.playground', 'v1.echo.playground'],
  admit: () => ({ ok: true, open: echoSession }),
};
