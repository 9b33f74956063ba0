import {
  headerValue,
  type DeflateParams,
  type HandshakeResponseEvent,
  type HeaderList,
  type NoteEvent,
  type OriginPolicy,
} from '../protocol/index.ts';
import { unofferedNote } from '../service/deflate.ts';
import type { ExtensionChoice } from '../service/endpoint.ts';
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

/** ws's `threshold` when its options name none (permessage-deflate.js). */
export const WS_DEFAULT_THRESHOLD = 1024;

/** permessage-deflate as the server agreed it (RFC 7692 §7.1). */
export interface AgreedDeflate {
  readonly params: DeflateParams;
  /** With server_no_context_takeover, messages under this many bytes go uncompressed (ws's rule). */
  readonly threshold: number;
}

export type ServerAnswer =
  | {
      readonly accepted: true;
      readonly response: HandshakeResponseEvent;
      /** The subprotocol the server chose, if any (§4.2.2). */
      readonly protocol: string | null;
      /** The compression the 101 agreed, or undefined when it answered none (or one the client never offered). */
      readonly deflate: AgreedDeflate | undefined;
      /** What the server reports beside its 101, as the live server does: an answer that breaks the rules. */
      readonly note: NoteEvent | undefined;
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

/**
 * The server's Sec-WebSocket-Extensions for the endpoint's choice, as ws writes
 * it (after Sec-WebSocket-Protocol), and what it agreed. None when the endpoint
 * declines, or when the offer allows no answer with its options (§9.1).
 */
async function answerExtensions(
  choice: ExtensionChoice | undefined,
  offer: string | undefined,
): Promise<{ header: string | undefined; deflate: AgreedDeflate | undefined }> {
  if (choice === undefined) return { header: undefined, deflate: undefined };
  if ('unoffered' in choice) return { header: choice.unoffered, deflate: undefined };
  const { answerDeflateOffer } = await import('./deflate-runtime.ts');
  const answer = answerDeflateOffer(offer, choice.deflate);
  if (answer === null) return { header: undefined, deflate: undefined };
  const threshold = choice.deflate.threshold ?? WS_DEFAULT_THRESHOLD;
  return { header: answer.header, deflate: { params: answer.params, threshold } };
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
  const { header, deflate } = await answerExtensions(
    decision.extensions,
    headerValue(headers, 'sec-websocket-extensions'),
  );
  const { status, reason } = decision.response;
  const when = at();
  const choice = decision.extensions;
  const responseHeaders: HeaderList =
    header === undefined
      ? decision.response.headers
      : [...decision.response.headers, ['Sec-WebSocket-Extensions', header]];
  return {
    accepted: true,
    response: { type: 'handshake-response', at: when, status, reason, headers: responseHeaders },
    protocol: decision.protocol,
    deflate,
    note:
      choice && 'unoffered' in choice ? { type: 'note', at: when, text: unofferedNote(choice.unoffered) } : undefined,
    open: (peer) => decision.open(peer),
  };
}
