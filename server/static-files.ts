import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Text compresses to a third or less; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.map']);
/** The site has a few dozen files: compress each once, keyed by its path and version. */
const MAX_CACHED = 256;
const gzipped = new Map<string, Buffer>();

async function gzippedFile(file: string, version: string): Promise<Buffer> {
  const key = `${file}\0${version}`;
  const cached = gzipped.get(key);
  if (cached) return cached;
  const body = await gzipAsync(await readFile(file), { level: 9 });
  if (gzipped.size >= MAX_CACHED) gzipped.delete(gzipped.keys().next().value!);
  gzipped.set(key, body);
  return body;
}

function acceptsGzip(request: IncomingMessage): boolean {
  return /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
}

function plain(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  response.end(`${text}\n`);
}

/**
 * Serves the built site from `root`. Only GET and HEAD; paths are decoded and
 * normalised and must stay inside `root`, so `/../` cannot read other files.
 */
export async function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    plain(response, 405, 'Only GET and HEAD are served here.', { Allow: 'GET, HEAD' });
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    plain(response, 400, 'That path is not valid percent-encoding.');
    return;
  }
  const file = normalize(join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    plain(response, 404, 'Not found.');
    return;
  }
  let size: number;
  let version: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
    version = `${info.mtimeMs}-${info.size}`;
  } catch {
    const missingSite = pathname === '/' || pathname === '/index.html';
    plain(
      response,
      404,
      missingSite
        ? 'The site is not built yet. Run "npm run build" (or use "npm start", which builds it for you).'
        : 'Not found.',
    );
    return;
  }
  // Vite puts a content hash in every asset name: those never change.
  const immutable = pathname.startsWith('/assets/');
  const compressible = COMPRESSIBLE.has(extname(file));
  const headers: Record<string, string | number> = {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
  };
  if (compressible && acceptsGzip(request)) {
    let body: Buffer;
    try {
      body = await gzippedFile(file, version);
    } catch {
      plain(response, 500, 'That file could not be read.');
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
    return;
  }
  response.writeHead(200, { ...headers, 'Content-Length': size });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}
