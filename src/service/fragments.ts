import type { Endpoint } from './endpoint.ts';
import { refuse } from './endpoint.ts';
import { readInteger, type IntegerRule } from './query.ts';

/** 64 frames already fill a trace; more would only hide the point. */
const PARTS: IntegerRule = { min: 1, max: 64, fallback: 3 };

/**
 * `/fragments?parts=N`: each message comes back, text as text and binary as
 * binary, as exactly N frames: a first frame and N-1 continuations (§5.4). A
 * message shorter than N bytes still takes N frames, some of them empty,
 * which §5.4 allows; a text message may be cut inside a character, since only
 * the whole message must be UTF-8 (§5.6).
 */
export const fragmentsEndpoint: Endpoint = {
  path: '/fragments',
  summary: 'sends every message back split into N frames (a server can fragment, the browser API cannot)',
  admit(target) {
    const parts = readInteger(target.query, 'parts', PARTS);
    if (!parts.ok) return refuse(parts.reason);
    return {
      ok: true,
      open: (peer) => ({
        message: (data) => peer.send(data, { fragments: parts.value }),
        closed: () => {},
      }),
    };
  },
};
