import { decodeUtf8, isValidUtf8, toHex, type DeflateBlock, type InflateReport } from '../../protocol/index.ts';

/** One stretch of a message as the X-ray draws it: bytes the stream spelt out, or bytes it copied. */
export interface XraySegment {
  readonly kind: 'literals' | 'copy';
  /** Its bytes in the message's inflated output: `start` up to `end`. */
  readonly start: number;
  readonly end: number;
  /** The characters drawn for it: a character belongs to the segment holding its first byte, so this may be ''. */
  readonly text: string;
  /** A copy's distance back (RFC 1951 §3.2.5); 0 for literals. */
  readonly distance: number;
  /** A copy that reads from before this message began: from earlier messages, by context takeover. */
  readonly earlier: boolean;
  /** The DEFLATE block it came from, counted from 0. */
  readonly block: number;
}

/** What a message's parts add up to. */
export interface XraySummary {
  readonly literalBytes: number;
  readonly copiedBytes: number;
  readonly copies: number;
  /** Copies that reach into earlier messages. */
  readonly earlierCopies: number;
}

/** Where each byte's character starts: the first index at or after `offset` that is not a UTF-8 continuation byte. */
function characterStart(data: Uint8Array, offset: number): number {
  let at = offset;
  while (at < data.length && (data[at]! & 0xc0) === 0x80) at++;
  return at;
}

function shown(data: Uint8Array, start: number, end: number, text: boolean): string {
  if (!text) return toHex(data.subarray(start, end)).replace(/(..)(?!$)/g, '$1 ');
  return decodeUtf8(data.subarray(characterStart(data, start), characterStart(data, end)));
}

/**
 * A message's DEFLATE parts (literal runs and back-references, in output
 * order) as segments to draw over its text. A message that is not UTF-8 is
 * drawn as hex. Parts past `limit` segments are left out (see `xraySummary`
 * for the counts of all of them).
 */
export function xraySegments(report: InflateReport, limit = Number.POSITIVE_INFINITY): XraySegment[] {
  const { data } = report;
  const text = isValidUtf8(data);
  const segments: XraySegment[] = [];
  report.blocks.forEach((block: DeflateBlock, index) => {
    for (const part of block.parts) {
      if (segments.length >= limit) return;
      const start = part.at;
      const end = part.at + part.length;
      const distance = part.kind === 'copy' ? part.distance : 0;
      segments.push({
        kind: part.kind,
        start,
        end,
        text: shown(data, start, end, text),
        distance,
        earlier: part.kind === 'copy' && start - distance < 0,
        block: index,
      });
    }
  });
  return segments;
}

export function xraySummary(report: InflateReport): XraySummary {
  let literalBytes = 0;
  let copiedBytes = 0;
  let copies = 0;
  let earlierCopies = 0;
  for (const block of report.blocks) {
    for (const part of block.parts) {
      if (part.kind === 'literals') {
        literalBytes += part.length;
        continue;
      }
      copiedBytes += part.length;
      copies++;
      if (part.at - part.distance < 0) earlierCopies++;
    }
  }
  return { literalBytes, copiedBytes, copies, earlierCopies };
}

const BLOCK_NAMES: Readonly<Record<DeflateBlock['type'], string>> = {
  stored: 'stored (no compression)',
  fixed: 'fixed Huffman codes',
  dynamic: 'dynamic Huffman codes',
};

/** A block in a few words: "fixed Huffman codes, 37 bits, 5 parts". */
export function describeBlock(block: DeflateBlock): string {
  const bits = block.bitEnd - block.bitStart;
  const parts = block.parts.length;
  const what = parts === 0 ? 'empty' : `${parts} part${parts === 1 ? '' : 's'}`;
  return `${BLOCK_NAMES[block.type]}, ${bits} bit${bits === 1 ? '' : 's'}, ${what}${block.final ? ', final' : ''}`;
}
