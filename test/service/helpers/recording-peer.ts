import type { LogFields } from '../../../src/service/log-line.ts';
import type { Peer } from '../../../src/service/peer.ts';

/** Everything an endpoint did to one connection, in order. */
export type PeerAction =
  | { readonly kind: 'send'; readonly data: string | Uint8Array; readonly fragments: number | undefined }
  | { readonly kind: 'ping'; readonly payload: Uint8Array | undefined }
  | { readonly kind: 'close'; readonly code: number | undefined; readonly reason: string | undefined }
  | { readonly kind: 'drop' }
  | { readonly kind: 'log'; readonly event: string; readonly fields: LogFields | undefined };

export interface RecordingPeer extends Peer {
  readonly actions: PeerAction[];
  /** The data of every send, in order. */
  readonly sent: (string | Uint8Array)[];
  /** Every log line, in order. */
  readonly logs: { readonly event: string; readonly fields: LogFields | undefined }[];
  /** What the test says is waiting for the client (a slow reader): 0 unless set. */
  bufferedAmount: number;
  /** Every text message parsed as JSON, in order. */
  json(): unknown[];
  /** Forgets what was recorded so far. */
  clear(): void;
}

export function recordingPeer(origin?: string): RecordingPeer {
  const actions: PeerAction[] = [];
  return {
    origin,
    actions,
    bufferedAmount: 0,
    get sent() {
      return actions.flatMap((action) => (action.kind === 'send' ? [action.data] : []));
    },
    get logs() {
      return actions.flatMap((action) =>
        action.kind === 'log' ? [{ event: action.event, fields: action.fields }] : [],
      );
    },
    json() {
      return this.sent.filter((data) => typeof data === 'string').map((text) => JSON.parse(text) as unknown);
    },
    clear() {
      actions.length = 0;
    },
    send: (data, options) => void actions.push({ kind: 'send', data, fragments: options?.fragments }),
    ping: (payload) => void actions.push({ kind: 'ping', payload }),
    close: (code, reason) => void actions.push({ kind: 'close', code, reason }),
    drop: () => void actions.push({ kind: 'drop' }),
    log: (event, fields) => void actions.push({ kind: 'log', event, fields }),
  };
}
