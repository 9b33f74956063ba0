/**
 * The `/deflate` endpoint's query (docs/endpoints.md) from what the reader
 * wants the server to answer: accept permessage-deflate with some
 * parameters, decline it, or answer an extension the browser never offered.
 */

export const ServerAnswer = { accept: 'accept', decline: 'decline', unoffered: 'unoffered' } as const;
export type ServerAnswer = (typeof ServerAnswer)[keyof typeof ServerAnswer];

/** The parameters an accepting server puts in its answer (RFC 7692 §7.1); undefined window bits: not named. */
export interface AcceptParams {
  readonly serverNoContextTakeover: boolean;
  readonly clientNoContextTakeover: boolean;
  readonly serverMaxWindowBits: number | undefined;
  readonly clientMaxWindowBits: number | undefined;
  /** The server sends messages shorter than this many bytes uncompressed; undefined: the endpoint's default, 0. */
  readonly threshold?: number | undefined;
}

export const DEFAULT_ACCEPT: AcceptParams = {
  serverNoContextTakeover: false,
  clientNoContextTakeover: false,
  serverMaxWindowBits: undefined,
  clientMaxWindowBits: undefined,
};

/** The window sizes RFC 7692 §7.1.2 allows: 2^8 to 2^15 bytes. */
export const WINDOW_BITS = [8, 9, 10, 11, 12, 13, 14, 15] as const;

/** Both sides keep no history between messages: each message is compressed on its own (§7.1.1). */
export const NO_TAKEOVER: AcceptParams = {
  ...DEFAULT_ACCEPT,
  serverNoContextTakeover: true,
  clientNoContextTakeover: true,
};

export function deflateTarget(answer: ServerAnswer, params: AcceptParams = DEFAULT_ACCEPT): string {
  const query = new URLSearchParams();
  if (answer === ServerAnswer.decline) query.set('decline', '1');
  else if (answer === ServerAnswer.unoffered) query.set('unoffered', '1');
  else {
    if (params.serverNoContextTakeover) query.set('server_no_context_takeover', '1');
    if (params.clientNoContextTakeover) query.set('client_no_context_takeover', '1');
    if (params.serverMaxWindowBits !== undefined)
      query.set('server_max_window_bits', String(params.serverMaxWindowBits));
    if (params.clientMaxWindowBits !== undefined)
      query.set('client_max_window_bits', String(params.clientMaxWindowBits));
    if (params.threshold !== undefined) query.set('threshold', String(params.threshold));
  }
  const text = query.toString();
  return text === '' ? '/deflate' : `/deflate?${text}`;
}
