import { Inflater, type DeflateParams } from '../protocol/index.ts';
import { loadCompressor } from './deflate-compressor.ts';
import type { FrameDeflate } from './frame-endpoint.ts';

/**
 * How each end of the simulated wire speaks permessage-deflate once agreed
 * (RFC 7692 §7.1): the browser as Chromium does, the server as ws does, so
 * both wires put the same frames on the wire.
 */

/**
 * The browser's end: every data message compressed with the client_* parameters
 * (Chromium's predictor always answers DEFLATE). Chromium inflates with a 15-bit
 * window it never resets, whatever the server agreed, and sets no size limit
 * (websocket_deflate_stream.cc); `maxOutput` is for tests of a bomb.
 */
export async function browserDeflate(params: DeflateParams, maxOutput?: number): Promise<FrameDeflate> {
  return {
    compressor: await loadCompressor({
      windowBits: params.clientMaxWindowBits,
      noContextTakeover: params.clientNoContextTakeover,
    }),
    compresses: () => true,
    inflater: new Inflater({ windowBits: 15, noContextTakeover: false, maxOutput }),
  };
}

/**
 * The server's end, with the server_* parameters. ws compresses every message
 * while it keeps its context; with server_no_context_takeover, only those of at
 * least `threshold` bytes (sender.js). It inflates with the client_* parameters,
 * at most `maxOutput` bytes a message (its maxPayload).
 */
export async function serverDeflate(
  params: DeflateParams,
  threshold: number,
  maxOutput?: number,
): Promise<FrameDeflate> {
  return {
    compressor: await loadCompressor({
      windowBits: params.serverMaxWindowBits,
      noContextTakeover: params.serverNoContextTakeover,
    }),
    compresses: (byteLength) => !params.serverNoContextTakeover || byteLength >= threshold,
    inflater: new Inflater({
      windowBits: params.clientMaxWindowBits,
      noContextTakeover: params.clientNoContextTakeover,
      maxOutput,
    }),
  };
}
