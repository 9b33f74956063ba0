/**
 * Everything a connection needs once a 101 carries Sec-WebSocket-Extensions:
 * the offer and answer rules, the inflater, the trace's inflating reader and
 * the two ends' compressors. Loaded with `import()` only then: a connection
 * that never compresses has no use for it.
 */
export { answerDeflateOffer, checkDeflateAnswer, DeflateTraceReader } from '../protocol/index.ts';
export { browserDeflate, serverDeflate } from './deflate-sides.ts';

/** The note for an answer the browser refused, `reason` as `checkDeflateAnswer` gives it. */
export function extensionFailureText(reason: string): string {
  return `The browser failed the connection: ${reason}`;
}
