import type { Admission, Endpoint } from './endpoint.ts';
import { echoEndpoint } from './echo.ts';
import { parseTarget } from './target.ts';

/** The playground's server behaviour: the same object in the page and in server/. */
export interface PlaygroundService {
  readonly endpoints: readonly Endpoint[];
  /** Whether a path belongs to a WebSocket endpoint (a plain GET there gets 426). */
  isWebSocketPath(path: string): boolean;
  /** Decides a handshake for a request target such as `/echo?x=1`. */
  admit(target: string): Admission;
}

export function createService(endpoints: readonly Endpoint[] = [echoEndpoint]): PlaygroundService {
  const byPath = new Map(endpoints.map((endpoint) => [endpoint.path, endpoint]));
  return {
    endpoints,
    isWebSocketPath: (path) => byPath.has(path),
    admit(target) {
      const parsed = parseTarget(target);
      const endpoint = byPath.get(parsed.path);
      if (!endpoint) {
        const known = endpoints.map((candidate) => candidate.path).join(', ');
        return { ok: false, status: 404, reason: `no WebSocket endpoint at ${parsed.path} (try ${known})` };
      }
      return endpoint.admit(parsed);
    },
  };
}
