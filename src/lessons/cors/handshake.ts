/**
 * Handshakes the page's own WebSocket cannot make: a page on another site
 * (with the reader's cookie) and a script that sends whatever Origin it
 * likes. The page builds each request itself and runs it through the very
 * decision code both wires use, `decideHandshake` (RFC 6455 §4.2.2, §10.2),
 * so the verdict and its words are the server's own.
 */
import {
  decodeFrame,
  encodeFrame,
  Opcode,
  redactHeaders,
  Side,
  type TraceEvent,
  encodeUtf8,
} from '../../protocol/index.ts';
import type { HeaderList, OriginPolicy } from '../../protocol/index.ts';
import { decideHandshake, refusalResponse } from '../../service/gatekeeper.ts';
import type { Peer } from '../../service/peer.ts';
import { createService } from '../../service/service.ts';
import { browserClock } from '../../transport/browser-clock.ts';
import { newKey } from '../../transport/browser-request.ts';

/** The simulated server these handshakes reach: the same endpoints as the page's simulated wire. */
const service = createService({ clock: browserClock });

/** The origin a simulated attacker's page has: a site the reader never meant to trust. */
export const ATTACKER_ORIGIN = 'http://evil.example';

/** The cookie the reader's browser holds for the playground's host, standing in for a login session. */
export const DEMO_COOKIE = 'wsp_demo_session=signed-in';

/** What the attacker's page sends once inside: on /echo it only comes back; on a real app it would act as the user. */
export const ATTACKER_MESSAGE = '{"action":"transfer","to":"mallory","amount":100}';

/** The upgrade request of `new WebSocket(url, { origin })` from the ws package (ws 8), in its order. */
export function scriptRequestHeaders(host: string, origin: string): HeaderList {
  return [
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Key', newKey()],
    ['Connection', 'Upgrade'],
    ['Upgrade', 'websocket'],
    ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
    ['Origin', origin],
    ['Host', host],
  ];
}

export interface SimulatedHandshake {
  /** The trace, as the server would report it (Cookie values redacted). */
  readonly events: readonly TraceEvent[];
  readonly accepted: boolean;
  /** The server's reason for a refusal; empty when accepted. */
  readonly reason: string;
}

export interface SimulatedHandshakeOptions {
  /** The request target, such as `/echo`. */
  readonly target: string;
  readonly headers: HeaderList;
  /** The server-wide allowlist, checked before the endpoint's own rules; none when undefined. */
  readonly policy: OriginPolicy | undefined;
  /** Sent as a text message once the connection is open, and answered by the endpoint. */
  readonly message?: string | undefined;
}

function frameEvent(from: Side, at: number, payload: Uint8Array): TraceEvent {
  // §5.3: a client masks every frame with a fresh key; a server never masks.
  const mask = from === Side.client ? crypto.getRandomValues(new Uint8Array(4)) : undefined;
  const bytes = encodeFrame({ opcode: Opcode.text, mask, payload }).slice();
  return { type: 'frame', at, from, bytes, frame: decodeFrame(bytes)!.frame };
}

/** Runs one handshake, and the first message when it is accepted, through the server's decision code. */
export async function simulateHandshake(options: SimulatedHandshakeOptions): Promise<SimulatedHandshake> {
  const startedAt = performance.now();
  const at = (): number => Math.round(performance.now() - startedAt);
  const { target, headers } = options;
  const events: TraceEvent[] = [
    {
      type: 'handshake-request',
      at: 0,
      method: 'GET',
      path: target,
      httpVersion: 'HTTP/1.1',
      headers: redactHeaders(headers),
    },
  ];
  const decision = await decideHandshake(
    { target, method: 'GET', httpVersion: '1.1', headers: Object.fromEntries(headers) },
    service,
    options.policy,
  );
  if (!decision.ok) {
    const refusal = refusalResponse(decision);
    events.push(
      {
        type: 'handshake-response',
        at: at(),
        status: refusal.status,
        reason: refusal.statusText,
        headers: refusal.headers,
      },
      { type: 'note', at: at(), text: decision.reason },
    );
    return { events, accepted: false, reason: decision.reason };
  }
  events.push({ type: 'handshake-response', at: at(), ...decision.response });
  if (options.message !== undefined) {
    const replies: Uint8Array[] = [];
    const origin = headers.find(([name]) => name.toLowerCase() === 'origin')?.[1];
    const peer: Peer = {
      origin,
      send: (data) => replies.push(typeof data === 'string' ? encodeUtf8(data) : data),
      ping: () => {},
      close: () => {},
      drop: () => {},
    };
    const session = decision.open(peer);
    events.push(frameEvent(Side.client, at(), encodeUtf8(options.message)));
    session.message(options.message);
    for (const reply of replies) events.push(frameEvent(Side.server, at(), reply));
    session.closed(1006, '');
  }
  return { events, accepted: true, reason: '' };
}
