import { createOriginPolicy, type OriginPolicy } from '../protocol/index.ts';
import { echoSession } from './echo.ts';
import type { Endpoint } from './endpoint.ts';
import { refuse } from './endpoint.ts';
import { readOptional } from './query.ts';

const EXAMPLE = 'https://example.com,http://localhost:*';

/**
 * `/cors?allow=O1,O2`: echo, but only for a page whose Origin is listed
 * (§4.2.2, §10.2). A teaching device: the reader picks the list and watches
 * the handshake pass or fail. A client that sends no Origin (not a browser)
 * is let in, as the protocol's policy does: Origin guards users' browsers,
 * it does not authenticate.
 */
export const corsEndpoint: Endpoint = {
  path: '/cors',
  summary: 'echoes, but accepts the handshake only from the origins listed in allow',
  admit(target, handshake) {
    const raw = readOptional(target.query, 'allow');
    const entries = raw === undefined ? [] : raw.split(',').filter((entry) => entry.trim() !== '');
    if (entries.length === 0) {
      return refuse(`allow is required: a comma-separated list of origins such as ${EXAMPLE}`);
    }
    let policy: OriginPolicy;
    try {
      policy = createOriginPolicy(entries);
    } catch (error) {
      return refuse(`allow must list origins: ${error instanceof Error ? error.message : String(error)}`);
    }
    const decision = policy.decide(handshake.origin);
    if (!decision.allowed) return refuse(`Origin not allowed by ?allow: ${decision.reason}`, 403);
    return { ok: true, open: echoSession };
  },
};
