/**
 * ws's own permessage-deflate negotiation, run as its server runs it
 * (lib/websocket-server.js `handleUpgrade` and `completeUpgrade`), for the
 * differential tests. ws's package exports only its entry, so its lib files
 * are loaded by path beside it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Receiver } from 'ws';
import './ws-internals.ts';
import type { DeflateServerOptions } from '../../../src/protocol/index.ts';

declare module 'ws' {
  interface ReceiverOptions {
    /** lib/receiver.js: the extensions agreed, by name (a PerMessageDeflate instance for permessage-deflate). */
    extensions?: Record<string, unknown>;
  }
}

const require = createRequire(import.meta.url);
const lib = path.join(path.dirname(require.resolve('ws')), 'lib');

type WsParams = Record<string, (string | true)[]>;
type WsOffers = Record<string, WsParams[]>;

/** lib/extension.js */
export const wsExtension = require(path.join(lib, 'extension.js')) as {
  parse(header: string): WsOffers;
  format(extensions: Record<string, Record<string, unknown>[]>): string;
};

interface PerMessageDeflateClass {
  readonly extensionName: string;
  new (options: DeflateServerOptions & { isServer: boolean; maxPayload: number }): {
    accept(offers: WsParams[]): Record<string, unknown>;
  };
}
const PerMessageDeflate = require(path.join(lib, 'permessage-deflate.js')) as PerMessageDeflateClass;

/** What ws's server does with this offer: the header it answers, none (no header), or 400. */
export function wsAnswer(offer: string | undefined, options: DeflateServerOptions): string | 'none' | 400 {
  if (offer === undefined) return 'none';
  const deflate = new PerMessageDeflate({ ...options, isServer: true, maxPayload: 100 * 1024 * 1024 });
  try {
    const offers = wsExtension.parse(offer);
    const mine = offers[PerMessageDeflate.extensionName];
    if (!mine) return 'none';
    const params = deflate.accept(mine);
    return wsExtension.format({ [PerMessageDeflate.extensionName]: [params] });
  } catch {
    return 400;
  }
}

/** ws's Receiver with permessage-deflate agreed (as a client reading a server's frames, default parameters). */
export function wsDeflateReceiver(maxPayload = 0): Receiver {
  const deflate = new PerMessageDeflate({ isServer: false, maxPayload });
  deflate.accept([{}]);
  return new Receiver({ isServer: false, maxPayload, extensions: { [PerMessageDeflate.extensionName]: deflate } });
}
