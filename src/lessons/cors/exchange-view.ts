import { html } from 'lit';
import type { TraceEvent } from '../../protocol/index.ts';
import './wsp-cors-request.ts';
import './wsp-cors-sequence.ts';

/** A handshake made by someone other than this page, and how its request came to be seen. */
export interface Exchange {
  readonly events: readonly TraceEvent[];
  readonly client: string;
  readonly clientDetail: string;
  /** Where the server lives, for the diagram. */
  readonly place: string;
  /** Why a header matters, by its lower-case name: those headers are pointed out in the request. */
  readonly marks: Readonly<Record<string, string>>;
  /** The caption of the request: as the browser sent it, or as the server received it. */
  readonly requestLabel: string;
}

/** The sequence diagram of a handshake, then its request with the telling headers marked. */
export function exchangeView({ events, client, clientDetail, place, marks, requestLabel }: Exchange) {
  const request = events.find((event) => event.type === 'handshake-request');
  return html`<wsp-cors-sequence
      .events=${events}
      client=${client}
      client-detail=${clientDetail}
      server="Server"
      server-detail=${place}
    ></wsp-cors-sequence>
    <wsp-cors-request
      .request=${request?.type === 'handshake-request' ? request : undefined}
      .marks=${marks}
      label=${requestLabel}
    ></wsp-cors-request>`;
}
