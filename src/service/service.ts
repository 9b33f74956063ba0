import { cryptoRandom, type RandomBytes } from '../protocol/index.ts';
import type { AuthHttp } from './auth-http.ts';
import { createChatEndpoint } from './chat.ts';
import { createCloseEndpoint } from './close.ts';
import { createCollabEndpoint, createCollabHub } from './collab.ts';
import { corsEndpoint } from './cors.ts';
import { deflateEndpoint } from './deflate.ts';
import { echoEndpoint } from './echo.ts';
import type { Admission, Endpoint, HandshakeInfo } from './endpoint.ts';
import { fragmentsEndpoint } from './fragments.ts';
import { createGameEndpoint, createGameHub } from './game.ts';
import { createHub } from './hub.ts';
import { LIMITS, type ChatServerMessage } from './json-messages.ts';
import { createLimitedEndpoint } from './limited.ts';
import { createNotifyEndpoint, createNotifyHub } from './notify.ts';
import type { Clock } from './peer.ts';
import { createPingEndpoint } from './ping.ts';
import { createResumeEndpoint } from './resume.ts';
import type { RoomBus } from './room-bus.ts';
import type { SecureParts } from './secure-parts.ts';
import { BEARER_PROTOCOL, SECURE_PATH, SECURE_SUMMARY } from './security-messages.ts';
import { createSlowEndpoint } from './slow.ts';
import { parseTarget } from './target.ts';
import { createTickerEndpoint } from './ticker.ts';
import type { TicketStore } from './tickets.ts';

export interface ServiceOptions {
  /** Time for the endpoints that push, close or ping on their own. */
  readonly clock: Clock;
  /**
   * Most members one room of /chat, /notify or /collab holds (default 50); a
   * newcomer past it is refused with 503.
   */
  readonly roomMembers?: number;
  /** Most players in one /game room (default 8), refused with 503 past it. */
  readonly gamePlayers?: number;
  /**
   * The link to other instances of the service, one bus per room endpoint
   * (`chat`, `notify`, `collab`): their rooms then span every instance.
   * Without it (the page, a single server) every room lives in this
   * service's memory. `/game` rooms always stay on one instance.
   */
  readonly rooms?: SharedRooms | undefined;
  /** Random bytes for tickets, tokens and session ids (default: `crypto.getRandomValues`). */
  readonly random?: RandomBytes | undefined;
  /**
   * Where tickets live (default: this service's memory). A deployment of
   * several instances shares one (server/redis-tickets.ts), so a ticket
   * issued by one instance opens a connection on another.
   */
  readonly tickets?: TicketStore | undefined;
  /** A ticket's lifetime, the longest a page may ask for and the default (30 s). */
  readonly ticketTtlMs?: number | undefined;
}

/** The buses of a deployment of several instances (server/redis-bus.ts makes them). */
export interface SharedRooms {
  /** This instance's name in the deployment, unique among the others. */
  readonly instance: string;
  bus<M>(endpoint: 'chat' | 'notify' | 'collab'): RoomBus<M>;
}

/** The playground's server behaviour: the same object in the page and in server/. */
export interface PlaygroundService {
  readonly endpoints: readonly Endpoint[];
  /** Whether a path belongs to a WebSocket endpoint (a plain GET there gets 426). */
  isWebSocketPath(path: string): boolean;
  /** The subprotocols of the endpoint a target names, most preferred first. */
  protocolsFor(target: string): readonly string[];
  /** Decides a handshake for a request target such as `/echo?x=1`; may look a ticket up elsewhere. */
  admit(target: string, handshake: HandshakeInfo): Admission | Promise<Admission>;
  /** `POST /login` and `POST /ticket`, over the credentials /secure checks. */
  readonly auth: AuthHttp;
}

/** One service, one hub per room endpoint: every connection it admits shares the same rooms. */
export function createService(options: ServiceOptions): PlaygroundService {
  const { clock } = options;
  const roomMembers = options.roomMembers ?? 50;
  const { rooms } = options;
  const instance = rooms?.instance;
  // Loaded on the first sign-in or /secure handshake: every other page of the site does without it.
  let secureParts: Promise<SecureParts> | undefined;
  const secure = (): Promise<SecureParts> =>
    (secureParts ??= import('./secure-parts.ts').then(({ createSecureParts }) =>
      createSecureParts({
        clock,
        random: options.random ?? cryptoRandom,
        tickets: options.tickets,
        ticketTtlMs: options.ticketTtlMs,
      }),
    ));
  const chatHub = createHub<ChatServerMessage>({
    roomMembers,
    historyLimit: LIMITS.chatHistory,
    bus: rooms?.bus('chat'),
    ...(instance !== undefined && { instance }),
  });
  const endpoints: readonly Endpoint[] = [
    echoEndpoint,
    createChatEndpoint({ hub: chatHub, clock }),
    createTickerEndpoint(clock),
    createCloseEndpoint(clock),
    fragmentsEndpoint,
    createPingEndpoint(clock),
    corsEndpoint,
    deflateEndpoint,
    createNotifyEndpoint({
      hub: createNotifyHub({ roomMembers, bus: rooms?.bus('notify'), ...(instance !== undefined && { instance }) }),
      clock,
    }),
    createCollabEndpoint({
      hub: createCollabHub({ roomMembers, bus: rooms?.bus('collab'), ...(instance !== undefined && { instance }) }),
      clock,
    }),
    createGameEndpoint({ hub: createGameHub({ clock, players: options.gamePlayers }), clock }),
    {
      path: SECURE_PATH,
      summary: SECURE_SUMMARY,
      protocols: [BEARER_PROTOCOL],
      admit: async (target, handshake) => (await secure()).endpoint.admit(target, handshake),
    },
    createLimitedEndpoint(clock),
    createSlowEndpoint(clock),
    createResumeEndpoint({ clock, random: options.random ?? cryptoRandom }),
  ];
  const byPath = new Map(endpoints.map((endpoint) => [endpoint.path, endpoint]));
  return {
    endpoints,
    auth: {
      login: async (body) => (await secure()).auth.login(body),
      ticket: async (authorization, body) => (await secure()).auth.ticket(authorization, body),
    },
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
