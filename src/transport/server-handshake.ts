import {
  redactHeaders,
  type HandshakeRequestEvent,
  type HandshakeResponseEvent,
  type HeaderList,
  type NoteEvent,
  type OriginPolicy,
} from '../protocol/index.ts';
import { decideHandshake, refusalResponse } from '../service/gatekeeper.ts';
import type { Peer, Session } from '../service/peer.ts';
import type { PlaygroundService } from '../service/service.ts';

/**
 * The simulated server's half of the opening handshake: the page's service
 * decides with the code the live server runs too (`decideHandshake`, RFC 6455
 * §4.2.2, §10.2), and the answer becomes the trace events a live server
 * reports. The simulated wire and the handshake probe both answer through it.
 */

export interface ServerHandshakeRequest {
  readonly service: PlaygroundService;
  /** The request target, query included: `/echo?x=1`. */
  readonly target: string;
  /** The request's headers, in wire order. */
  readonly headers: HeaderList;
  /** The server-wide Origin allowlist, checked before the endpoint's own rules; none when undefined. */
  readonly policy?: OriginPolicy | undefined;
}

export type ServerAnswer =
  | {
      readonly accepted: true;
      readonly response: HandshakeResponseEvent;
      /** The subprotocol the server chose, if any (§4.2.2). */
      readonly protocol: string | null;
      /** Starts the endpoint's session on the open connection. */
      open(peer: Peer): Session;
    }
  | {
      readonly accepted: false;
      readonly response: HandshakeResponseEvent;
      /** The server's reason, as the live server reports it. */
      readonly note: NoteEvent;
      readonly reason: string;
    };

/** The upgrade request as the server reports it: Cookie and Authorization values redacted. */
export function handshakeRequestEvent(target: string, headers: HeaderList, at: number): HandshakeRequestEvent {
  return {
    type: 'handshake-request',
    at,
    method: 'GET',
    path: target,
    httpVersion: 'HTTP/1.1',
    headers: redactHeaders(headers),
  };
}

/** The server's answer; `at` is read once the decision is made. */
export async function answerHandshake(request: ServerHandshakeRequest, at: () => number): Promise<ServerAnswer> {
  const { service, target, headers, policy } = request;
  const decision = await decideHandshake(
    { target, method: 'GET', httpVersion: '1.1', headers: Object.fromEntries(headers) },
    service,
    policy,
  );
  if (!decision.ok) {
    const refusal = refusalResponse(decision);
    const when = at();
    return {
      accepted: false,
      response: {
        type: 'handshake-response',
        at: when,
        status: refusal.status,
        reason: refusal.statusText,
        headers: refusal.headers,
      },
      note: { type: 'note', at: when, text: decision.reason },
      reason: decision.reason,
    };
  }
  return {
    accepted: true,
    response: { type: 'handshake-response', at: at(), ...decision.response },
    protocol: decision.protocol,
    open: (peer) => decision.open(peer),
  };
}
