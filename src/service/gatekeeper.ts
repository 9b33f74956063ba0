/**
 * Decides an opening handshake the same way on both wires: the Origin
 * allowlist, then the rules of §4.2.1, then the endpoint's own admission.
 * The first refusal is the answer, with the same status and words whether
 * the reader is in Simulated or Live mode.
 */
import {
  checkUpgradeRequest,
  type HeaderList,
  type UpgradeRequest,
  utf8Length,
  type OriginPolicy,
} from '../protocol/index.ts';
import type { ExtensionChoice } from './endpoint.ts';
import type { Session, Peer } from './peer.ts';
import type { PlaygroundService } from './service.ts';

export interface HandshakeRequest extends UpgradeRequest {
  /** The request target, query included: `/echo?x=1`. */
  readonly target: string;
}

export type HandshakeDecision =
  | {
      readonly ok: true;
      readonly response: { readonly status: 101; readonly reason: string; readonly headers: HeaderList };
      readonly protocol: string | null;
      /** The endpoint's extension answer, for the wire to complete (absent: every extension declined). */
      readonly extensions?: ExtensionChoice | undefined;
      open(peer: Peer): Session;
    }
  | {
      readonly ok: false;
      readonly status: number;
      readonly statusText: string;
      /** Why, in plain words: the body of the refusal, the trace note and the log line. */
      readonly reason: string;
      readonly headers: HeaderList;
    };

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  426: 'Upgrade Required',
  503: 'Service Unavailable',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? 'Refused';
}

function header(request: UpgradeRequest, name: string): string | undefined {
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === name && value !== undefined) return typeof value === 'string' ? value : value.join(', ');
  }
  return undefined;
}

export async function decideHandshake(
  request: HandshakeRequest,
  service: PlaygroundService,
  originPolicy: OriginPolicy | undefined,
): Promise<HandshakeDecision> {
  const origin = header(request, 'origin');
  if (originPolicy) {
    const decision = originPolicy.decide(origin);
    // §10.2: the server decides on Origin; a browser cannot lie about it, other clients can.
    if (!decision.allowed) return refuse(403, `Origin not allowed: ${decision.reason}.`);
  }
  const checked = await checkUpgradeRequest(request, { protocols: service.protocolsFor(request.target) });
  if (!checked.ok) {
    return {
      ok: false,
      status: checked.status,
      statusText: checked.statusText,
      reason: checked.reason,
      headers: checked.headers,
    };
  }
  const offered = header(request, 'sec-websocket-protocol');
  // checkUpgradeRequest has refused a malformed list, so this split is the list it read.
  const protocols = offered === undefined ? [] : offered.split(',').map((name) => name.trim());
  const admission = await service.admit(request.target, { origin, cookie: header(request, 'cookie'), protocols });
  if (!admission.ok) return refuse(admission.status, admission.reason);
  return {
    ok: true,
    response: checked.response,
    protocol: checked.protocol,
    extensions: admission.extensions,
    open: (peer) => admission.open(peer),
  };
}

function refuse(status: number, reason: string): HandshakeDecision {
  return { ok: false, status, statusText: statusText(status), reason, headers: [] };
}

/** The whole HTTP answer to a refused handshake, the same bytes on both wires. */
export function refusalResponse(decision: {
  status: number;
  statusText: string;
  reason: string;
  headers: HeaderList;
}): {
  status: number;
  statusText: string;
  headers: HeaderList;
  body: string;
} {
  const body = `${decision.reason}\n`;
  return {
    status: decision.status,
    statusText: decision.statusText,
    body,
    headers: [
      ...decision.headers,
      ['Connection', 'close'],
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Content-Length', String(utf8Length(body))],
    ],
  };
}
