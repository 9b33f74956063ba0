import { redactTraceEvent, Side, type HeaderList, type OriginPolicy, type TraceEvent } from '../protocol/index.ts';
import { serverLogNote } from '../service/log-line.ts';
import type { Peer, Session } from '../service/peer.ts';
import { pageService } from './page-service.ts';
import { FrameEndpoint } from './frame-endpoint.ts';
import { handshakeRequestEvent } from './browser-request.ts';
import { answerHandshake } from './server-handshake.ts';

/**
 * Handshakes the page's own WebSocket cannot make: a page on another site
 * (with the reader's cookie), a script that writes whatever Origin it likes
 * (RFC 6455 §10.2: only a browser is bound to send the page's real one).
 *
 * Simulated, the page builds such a request and the page's one simulated
 * service answers it, through the decision code both wires use. Live, no
 * page can send it: another client does (the other site's page, the reader's
 * script), naming the id of an inspector stream, and the live server reports
 * what it received and answered (watch it with inspector.ts's `openInspector`).
 */

export interface ProbeRequest {
  /** The request target, such as `/echo`. */
  readonly target: string;
  /** The upgrade request's headers, in wire order. */
  readonly headers: HeaderList;
  /** The server-wide allowlist, checked before the endpoint's own rules; none when undefined. */
  readonly policy: OriginPolicy | undefined;
  /** Sent as a text message once the connection is open, and answered by the endpoint. */
  readonly message?: string | undefined;
}

export interface ProbeResult {
  /** The trace, as the server would report it (Cookie values redacted, secrets starred). */
  readonly events: readonly TraceEvent[];
  readonly accepted: boolean;
  /** The server's reason for a refusal; empty when accepted. */
  readonly reason: string;
}

/** Runs one handshake, and the first message when it is accepted, against the page's simulated server. */
export async function probeSimulated(request: ProbeRequest): Promise<ProbeResult> {
  const startedAt = performance.now();
  const at = (): number => Math.round(performance.now() - startedAt);
  const { target, headers, policy, message } = request;
  const events: TraceEvent[] = [handshakeRequestEvent(target, headers, 0)];
  const answer = await answerHandshake({ service: await pageService(), target, headers, policy }, at);
  events.push(answer.response);
  if (!answer.accepted) {
    events.push(answer.note);
    return { events: events.map(redactTraceEvent), accepted: false, reason: answer.reason };
  }
  if (message !== undefined) {
    const origin = headers.find(([name]) => name.toLowerCase() === 'origin')?.[1];
    events.push(...firstExchange(answer.open, origin, message, at));
  }
  return { events: events.map(redactTraceEvent), accepted: true, reason: '' };
}

/**
 * The first message and the endpoint's answers, as real frames between two
 * endpoints wired back to back (the client's masked, §5.3). The probe shows
 * the exchange and then lets the connection go, with no closing handshake.
 */
function firstExchange(
  open: (peer: Peer) => Session,
  origin: string | undefined,
  message: string,
  at: () => number,
): TraceEvent[] {
  const events: TraceEvent[] = [];
  const end = (role: Side, write: (bytes: Uint8Array) => void, onMessage: (data: string | Uint8Array) => void) =>
    new FrameEndpoint({
      role,
      write,
      sent: ({ bytes, frame }) => events.push({ type: 'frame', at: at(), from: role, bytes, frame }),
      on: { message: onMessage, closeFrame: () => {}, protocolError: () => {} },
    });
  const server: FrameEndpoint = end(
    Side.server,
    (bytes) => client.receive(bytes),
    (data) => session.message(data),
  );
  const client: FrameEndpoint = end(
    Side.client,
    (bytes) => server.receive(bytes),
    () => {},
  );
  const session = open({
    origin,
    send: (data, options) => server.sendMessage(data, options?.fragments),
    ping: () => {},
    close: () => {},
    drop: () => {},
    // The probe's client reads everything at once.
    bufferedAmount: 0,
    log: (event, fields) => events.push({ type: 'note', at: at(), text: serverLogNote(event, fields) }),
  });
  client.sendMessage(message);
  session.closed(1006, '');
  return events;
}
