import type { Peer, Session } from './peer.ts';
import type { Target } from './target.ts';

/** The endpoint's answer to a handshake, before any frame flows. */
export type Admission =
  | { readonly ok: true; open(peer: Peer): Session }
  | {
      readonly ok: false;
      /** The HTTP status the handshake is refused with (§4.2.2: "any status other than 101"). */
      readonly status: number;
      /** Why, in words shown to the reader and written to the server log. */
      readonly reason: string;
    };

/** One WebSocket path of the playground (see the endpoint table in DESIGN.md). */
export interface Endpoint {
  readonly path: string;
  /** One line for lists and the 426 page. */
  readonly summary: string;
  admit(target: Target): Admission;
}
