/**
 * RFC 6455, RFC 7692 (permessage-deflate) and the trace the playground
 * records, as pure functions: the entry every layer above imports. Modules
 * not listed here (the buffer pool, the native UTF-8 decoder probe, the
 * Huffman tables) are this folder's own business.
 */
export * from './base64.ts';
export * from './break-it.ts';
export * from './close-codes.ts';
export * from './close-payload.ts';
export * from './deflate-trace.ts';
export * from './errors.ts';
export * from './extensions.ts';
export * from './fragment.ts';
export * from './frame.ts';
export * from './frame-builder.ts';
export * from './frame-lab.ts';
export * from './frame-layout.ts';
export * from './frame-stream.ts';
export * from './handshake.ts';
export * from './hex.ts';
export * from './inflate.ts';
export * from './mask.ts';
export * from './message-reader.ts';
export * from './opcodes.ts';
export * from './origin.ts';
export * from './permessage-deflate.ts';
export * from './secrets.ts';
export * from './trace.ts';
export * from './utf8.ts';
export * from './web-crypto.ts';
