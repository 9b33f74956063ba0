/**
 * Share links: the code of both playground editors in the page address,
 * `#/playground?code=…`, so a link reproduces a playground on any machine with
 * no server keeping anything. The code is JSON `{ v: 1, client, server }`,
 * raw-deflated (the browser's CompressionStream) and written in base64url
 * (RFC 4648 §5), which a URL carries as it is.
 */

export interface PlaygroundCode {
  readonly client: string;
  readonly server: string;
}

/** The route of the playground, and the query parameter that carries the code. */
const ROUTE = '#/playground';
const PARAMETER = 'code';
const EXAMPLE_PARAMETER = 'example';
const FORMAT_VERSION = 1;
/**
 * The largest code a link carries, as UTF-8 JSON: far more than anyone writes
 * in a playground, and a bound on what a hostile link can make the page
 * inflate (deflate shrinks repeated text a thousandfold).
 */
export const MAX_SHARED_BYTES = 200 * 1024;
/** Deflate's stored blocks cost 5 bytes per 64 KiB, so no honest link's compressed form is longer than this. */
const MAX_COMPRESSED_BYTES = MAX_SHARED_BYTES + 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The link that opens the playground with `code` in both editors. Rejects with a RangeError past MAX_SHARED_BYTES. */
export async function playgroundHref(code: PlaygroundCode): Promise<string> {
  const json = new TextEncoder().encode(
    JSON.stringify({ v: FORMAT_VERSION, client: code.client, server: code.server }),
  );
  if (json.length > MAX_SHARED_BYTES) {
    throw new RangeError(`the code is ${json.length} bytes; a link carries at most ${MAX_SHARED_BYTES}`);
  }
  const deflated = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const compressed = new Uint8Array(await new Response(deflated).arrayBuffer());
  return `${ROUTE}?${PARAMETER}=${toBase64Url(compressed)}`;
}

/** The link that opens the playground on one of its examples, by id (src/playground/examples.ts). */
export function exampleHref(id: string): string {
  return `${ROUTE}?${EXAMPLE_PARAMETER}=${encodeURIComponent(id)}`;
}

/** The example id a hash names, or undefined. */
export function exampleFromHash(hash: string): string | undefined {
  const query = hash.indexOf('?');
  if (query < 0 || hash.slice(0, query).replace(/\/$/, '') !== ROUTE) return undefined;
  return new URLSearchParams(hash.slice(query + 1)).get(EXAMPLE_PARAMETER) ?? undefined;
}

/** The code a hash carries, or undefined (no code, or a damaged link: never throws). */
export async function codeFromHash(hash: string): Promise<PlaygroundCode | undefined> {
  try {
    const query = hash.indexOf('?');
    if (query < 0 || hash.slice(0, query).replace(/\/$/, '') !== ROUTE) return undefined;
    const encoded = new URLSearchParams(hash.slice(query + 1)).get(PARAMETER);
    // Four characters of base64 carry three bytes: refuse a link too long to be honest before decoding it.
    if (!encoded || encoded.length > Math.ceil((MAX_COMPRESSED_BYTES * 4) / 3)) return undefined;
    const compressed = fromBase64Url(encoded);
    if (!compressed) return undefined;
    const json = await readAll(
      new Blob([compressed]).stream().pipeThrough(new DecompressionStream('deflate-raw')),
      MAX_SHARED_BYTES,
    );
    return json ? parseCode(new TextDecoder('utf-8', { fatal: true }).decode(json)) : undefined;
  } catch {
    // Bad base64, a damaged or truncated deflate stream, malformed UTF-8 or JSON: a link that carries nothing.
    return undefined;
  }
}

/** Accepts only the shape playgroundHref writes. */
function parseCode(text: string): PlaygroundCode | undefined {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, client, server } = value as Record<string, unknown>;
  if (v !== FORMAT_VERSION || typeof client !== 'string' || typeof server !== 'string') return undefined;
  return { client, server };
}

/** Every byte of a stream; undefined (and the stream cancelled, so nothing more is inflated) past `limit` bytes. */
async function readAll(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its bytes as arguments, and arguments are few.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes, or undefined for text that is not unpadded base64url. */
function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
