import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from './config-error.ts';

/**
 * "The other site" of the CORS lesson: one small page on a second port, so a
 * second origin (RFC 6454: scheme, host and port). When it loads, it does what
 * a hostile page could do: it opens a WebSocket to the playground's `/echo` on
 * the main port, and the browser decides which of the cookies it holds for that
 * host go along. Reached by the playground's own host name it is the same
 * site (ports do not count), so they do; reached by the other loopback name
 * (127.0.0.1 for localhost) it is another site, and only SameSite=None cookies
 * may (RFC 6265bis §5.2, §5.8.3). `?server=` names the playground's host, so
 * that both reach the server the lesson's cookie belongs to. The main server's
 * Origin allowlist does not list this origin, so the handshake is refused with
 * 403 (RFC 6455 §4.2.2, §10.2). The page reports each step to the lesson that
 * framed it, with postMessage, and with the first step whether it may use
 * cookies as a third party here (`document.hasStorageAccess()`).
 */

export interface OtherSiteOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
  /** The playground's own port: the page opens its WebSocket there. */
  readonly mainPort: number;
}

export interface OtherSite {
  /** The page's address, and so its origin. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A trace id as the main server accepts it (see trace-registry.ts): the lesson may pass one to watch the attempt. */
const TRACE_ID = '^[A-Za-z0-9_-]{22,64}$';

/** What the page sends once inside: on an echo server it only comes back; on a real app it would act as the visitor. */
export const OTHER_SITE_MESSAGE = '{"action":"transfer","to":"mallory","amount":100}';

/** A host name or an IPv6 address in brackets: what `?server=` may name. */
const HOST_NAME = '^(?:[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*|\\[[0-9A-Fa-f:.]+\\])$';

function script(mainPort: number): string {
  return `
const params = new URLSearchParams(location.search);
const server = params.get('server');
const host = server !== null && new RegExp(${JSON.stringify(HOST_NAME)}).test(server) ? server : location.hostname;
const target = new URL('/echo', 'ws://' + host + ':${mainPort}');
const trace = params.get('trace');
if (trace !== null && new RegExp('${TRACE_ID}').test(trace)) target.searchParams.set('trace', trace);
const steps = document.getElementById('steps');
document.getElementById('origin').textContent = location.origin;
document.getElementById('target').textContent = target.origin.replace(/^ws/, 'http');
function step(text, fields) {
  const item = document.createElement('li');
  item.textContent = text;
  steps.append(item);
  if (parent !== window) parent.postMessage({ type: 'wsp-other-site', text, ...fields }, '*');
}
// Whether this page may use its cookies unpartitioned here: false where the browser blocks third-party cookies.
const storageAccess = document.hasStorageAccess ? await document.hasStorageAccess().catch(() => undefined) : undefined;
step('Opening ' + target.href + ' from ' + location.origin + '.', { step: 'start', origin: location.origin, storageAccess });
let opened = false;
const socket = new WebSocket(target);
socket.addEventListener('open', () => {
  opened = true;
  step('Got in: the server accepted the handshake. Sending a message as the visitor.', { step: 'open' });
  socket.send(${JSON.stringify(OTHER_SITE_MESSAGE)});
});
socket.addEventListener('message', (event) => {
  step('The server answered: ' + String(event.data), { step: 'message', data: String(event.data) });
  socket.close(1000, 'done');
});
socket.addEventListener('close', (event) => {
  const how = 'close code ' + event.code + ', wasClean ' + event.wasClean;
  step(
    opened ? 'Done (' + how + ').' : 'Refused: the browser only says ' + how + '. The server decided on the Origin.',
    { step: 'close', opened, code: event.code, wasClean: event.wasClean },
  );
});
`;
}

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; padding: 0.75rem 1rem; background: #fff4e5; color: #3b2300; }
@media (prefers-color-scheme: dark) { body { background: #2b1d0b; color: #ffe2b8; } }
h1 { font-size: 1.1rem; margin: 0 0 0.25rem; }
p, ol { margin: 0.25rem 0; font-size: 0.9rem; }
code { overflow-wrap: anywhere; }
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

/** The page, and the Content-Security-Policy that lets exactly its own script and style run. */
export function otherSitePage(mainPort: number): { html: string; csp: string } {
  const code = script(mainPort);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The other site · WebSocket Playground</title>
<style>${STYLE}</style>
</head>
<body>
<h1>The other site (<code id="origin">a second origin</code>)</h1>
<p>This page stands in for <strong>a different website</strong> in the WebSocket Playground's lesson on Origin. The
playground's server serves it on a second port, which makes it a different origin from the lessons.</p>
<p>When it loads it does what a hostile page could do: it opens a WebSocket to the playground's <code>/echo</code> at
<code id="target">the main port</code>, and your browser decides which cookies it holds for that host go along: all of
them if this page is the same site (another port of the same host name), only SameSite=None ones if it is another site.
If the server lets it in, it sends one message as you and shows the answer. It contacts nothing else, and tells only the
page that framed it what happened.</p>
<ol id="steps" aria-live="polite"></ol>
<script type="module">${code}</script>
</body>
</html>
`;
  const csp = `default-src 'none'; script-src ${sha256(code)}; style-src ${sha256(STYLE)}; connect-src ws: wss:; base-uri 'none'; form-action 'none'`;
  return { html, csp };
}

export async function startOtherSite(options: OtherSiteOptions): Promise<OtherSite> {
  const page = otherSitePage(options.mainPort);
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Only GET and HEAD here.\n');
      return;
    }
    if (path !== '/') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('The other site has one page, at /.\n');
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(page.html),
      'Content-Security-Policy': page.csp,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(request.method === 'HEAD' ? undefined : page.html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host =
    options.host === '127.0.0.1' || options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * OTHER_SITE_PORT: a port number (0 picks a free one) or `off`. By default the
 * main port + 1, and none when the main port is picked at random (PORT=0).
 */
export function readOtherSitePort(env: NodeJS.ProcessEnv, mainPort: number): number | undefined {
  const text = env.OTHER_SITE_PORT?.trim();
  if (text === undefined || text === '') return mainPort === 0 || mainPort === 65535 ? undefined : mainPort + 1;
  if (text.toLowerCase() === 'off') return undefined;
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) {
    throw new ConfigError(`OTHER_SITE_PORT="${text}" is not a port number (0 to 65535; 0 picks a free one) or "off"`);
  }
  if (port !== 0 && port === mainPort) {
    throw new ConfigError(`OTHER_SITE_PORT=${text} is PORT too: the other site needs a port of its own`);
  }
  return port;
}
