import type { Peer } from '../../../src/service/peer.ts';

/** Everything an endpoint did to one connection, in order. */
export type PeerAction =
  | { readonly kind: 'send'; readonly data: string | Uint8Array; readonly fragments: number | undefined }
  | { readonly kind: 'ping'; readonly payload: Uint8Array | undefined }
  | { readonly kind: 'close'; readonly code: number | undefined; readonly reason: string | undefined }
  | { readonly kind: 'drop' };

export interface RecordingPeer extends Peer {
  readonly actions: PeerAction[];
  /** The data of every send, in order. */
  readonly sent: (string | Uint8Array)[];
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
    get sent() {
      return actions.flatMap((action) => (action.kind === 'send' ? [action.data] : []));
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
  };
}
