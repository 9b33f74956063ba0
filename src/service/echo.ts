import type { Endpoint } from './endpoint.ts';

/** `/echo`: every message back unchanged; text stays text, binary stays binary. */
export const echoEndpoint: Endpoint = {
  path: '/echo',
  summary: 'sends every message back unchanged',
  admit: () => ({
    ok: true,
    open: (peer) => ({
      message: (data) => peer.send(data),
      closed: () => {},
    }),
  }),
};
