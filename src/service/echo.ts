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
  admit: () => ({ ok: true, open: echoSession }),
};
