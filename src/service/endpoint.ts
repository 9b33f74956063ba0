import type { DeflateServerOptions } from '../protocol/index.ts';
import type { Peer, Session } from './peer.ts';
import type { Target } from './target.ts';

/** What an endpoint may know of the handshake besides its target. */
export interface HandshakeInfo {
  /** The request's Origin header, or undefined when there was none (§4.1, §10.2). */
  readonly origin: string | undefined;
  /** The raw Cookie header, or undefined when there was none (a browser sends the page's cookies for the host). */
  readonly cookie: string | undefined;
  /** The Sec-WebSocket-Protocol values offered, in order, trimmed (§4.1); empty when none. */
  readonly protocols: readonly string[];
}

/**
 * What the server answers to the client's Sec-WebSocket-Extensions offer (RFC 6455 §9.1).
 * `deflate`: permessage-deflate with these options, if the offer allows it (RFC 7692 §7.1).
 * `unoffered`: a teaching device like /cors: this value whatever was offered, which a
 * browser must refuse (RFC 6455 §4.1, the client's step 5 of reading the 101).
 */
export type ExtensionChoice = { readonly deflate: DeflateServerOptions } | { readonly unoffered: string };

/** The endpoint's answer to a handshake, before any frame flows. */
export type Admission =
  | {
      readonly ok: true;
      /** The extension answer; absent, the server declines every extension offered. */
      readonly extensions?: ExtensionChoice | undefined;
      open(peer: Peer): Session;
    }
  | {
      readonly ok: false;
      /** The HTTP status the handshake is refused with (§4.2.2: "any status other than 101"). */
      readonly status: number;
      /** Why, in words shown to the reader and written to the server log. */
      readonly reason: string;
    };

/** One WebSocket path of the playground (see docs/endpoints.md). */
export interface Endpoint {
  readonly path: string;
  /** One line for lists and the 426 page. */
  readonly summary: string;
  /** The subprotocols it speaks, most preferred first (§1.9, §4.2.2); none by default. */
  readonly protocols?: readonly string[];
  /** May look things up elsewhere (a ticket in Redis): the gatekeeper awaits the answer. */
  admit(target: Target, handshake: HandshakeInfo): Admission | Promise<Admission>;
}

/** A refused handshake; 400 unless said otherwise, since most refusals are a bad query. */
export function refuse(reason: string, status = 400): Admission {
  return { ok: false, status, reason };
}
