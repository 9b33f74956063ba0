import { createChatEndpoint } from './chat.ts';
import { createCloseEndpoint } from './close.ts';
import { corsEndpoint } from './cors.ts';
import { echoEndpoint } from './echo.ts';
import type { Admission, Endpoint, HandshakeInfo } from './endpoint.ts';
import { fragmentsEndpoint } from './fragments.ts';
import { createHub } from './hub.ts';
import type { ChatServerMessage } from './json-messages.ts';
import type { Clock } from './peer.ts';
import { createPingEndpoint } from './ping.ts';
import { parseTarget } from './target.ts';
import { createTickerEndpoint } from './ticker.ts';

export interface ServiceOptions {
  /** Time for the endpoints that push, close or ping on their own. */
  readonly clock: Clock;
  /** Most members one chat room holds (default 50); a newcomer past it is refused with 503. */
  readonly roomMembers?: number;
}

/** The playground's server behaviour: the same object in the page and in server/. */
export interface PlaygroundService {
  readonly endpoints: readonly Endpoint[];
  /** Whether a path belongs to a WebSocket endpoint (a plain GET there gets 426). */
  isWebSocketPath(path: string): boolean;
  /** The subprotocols of the endpoint a target names, most preferred first. */
  protocolsFor(target: string): readonly string[];
  /** Decides a handshake for a request target such as `/echo?x=1`. */
  admit(target: string, handshake: HandshakeInfo): Admission;
}

/** One service, one hub: every connection it admits shares the same chat rooms. */
export function createService(options: ServiceOptions): PlaygroundService {
  const { clock } = options;
  const endpoints: readonly Endpoint[] = [
    echoEndpoint,
    createChatEndpoint({ hub: createHub<ChatServerMessage>(), clock, roomMembers: options.roomMembers ?? 50 }),
    createTickerEndpoint(clock),
    createCloseEndpoint(clock),
    fragmentsEndpoint,
    createPingEndpoint(clock),
    corsEndpoint,
  ];
  const byPath = new Map(endpoints.map((endpoint) => [endpoint.path, endpoint]));
  return {
    endpoints,
    isWebSocketPath: (path) => byPath.has(path),
    protocolsFor: (target) => byPath.get(parseTarget(target).path)?.protocols ?? [],
    admit(target, handshake) {
      const parsed = parseTarget(target);
      const endpoint = byPath.get(parsed.path);
      if (!endpoint) {
        const known = endpoints.map((candidate) => candidate.path).join(', ');
        return { ok: false, status: 404, reason: `no WebSocket endpoint at ${parsed.path} (try ${known})` };
      }
      return endpoint.admit(parsed, handshake);
    },
  };
}
