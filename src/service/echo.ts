import type { Endpoint } from './endpoint.ts';
import type { Peer, Session } from './peer.ts';

/** Sends every message back as it came: text as text, bytes as bytes. */
export function echoSession(peer: Peer): Session {
  // The live server keeps a session per connection, so it holds as little as it can: one closure, written
  // as a method (tsx, which runs the server, gives an arrow function kept in a property a name, at a cost of
  // hundreds of bytes), and one shared function for the end.
  return {
    message(data) {
      peer.send(data);
    },
    closed: holdsNothing,
  };
}

/** The end of a session that holds nothing: nothing to free. */
function holdsNothing(): void {}

/** `/echo`: every message back unchanged. */
export const echoEndpoint: Endpoint = {
  path: '/echo',
  summary: 'sends every message back unchanged',
  // Named as §1.9 suggests; they change nothing here, but let a lesson show the negotiation.
  protocols: ['v2.echo.playground', 'v1.echo.playground'],
  admit: () => ({ ok: true, open: echoSession }),
};
