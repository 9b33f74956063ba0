import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { get, type IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';
import type { LogFields } from '../../server/log.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import { refusal } from './helpers/refusal.ts';

const PAGE_ORIGIN = 'http://localhost:5173';

function open(url: string, origin = PAGE_ORIGIN): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => socket.once('message', (data: Buffer, isBinary) => resolve({ data, isBinary })));
}

function rawStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('error', reject);
    request.end();
  });
}

/** A GET with exactly these headers (fetch would add its own Accept-Encoding and unzip the answer). */
function rawGet(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('the live server', () => {
  let server: PlaygroundServer;
  let site: string;
  const logs: { event: string; fields: LogFields }[] = [];

  before(async () => {
    site = await mkdtemp(join(tmpdir(), 'wsp-site-'));
    await writeFile(join(site, 'index.html'), '<!doctype html><title>test site</title>');
    server = await startPlaygroundServer({
      port: 0,
      staticRoot: site,
      logger: (event, fields = {}) => logs.push({ event, fields }),
    });
  });

  after(async () => {
    await server.close();
    await rm(site, { recursive: true, force: true });
  });

  it('echoes a text message back as text', async () => {
    const socket = await open(`${server.wsUrl}/echo`);
    socket.send('héllo, server');
    const reply = await nextMessage(socket);
    assert.equal(reply.isBinary, false);
    assert.equal(reply.data.toString(), 'héllo, server');
    socket.close();
  });

  it('echoes a binary message back as the same bytes', async () => {
    const socket = await open(`${server.wsUrl}/echo`);
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    socket.send(bytes);
    const reply = await nextMessage(socket);
    assert.equal(reply.isBinary, true);
    assert.deepEqual(reply.data, bytes);
    socket.close();
  });

  it('accepts its own origin by default', async () => {
    const socket = await open(`${server.wsUrl}/echo`, server.url);
    socket.close();
  });

  it('refuses a foreign Origin with 403 and logs which origin and why', async () => {
    const result = await refusal(`${server.wsUrl}/echo`, 'https://evil.example');
    assert.equal(result.status, 403);
    assert.match(result.body, /https:\/\/evil\.example is not on the allowlist/);
    const line = logs.find((entry) => entry.event === 'refused' && entry.fields.origin === 'https://evil.example');
    assert.ok(line, 'a refusal log line names the origin');
    assert.equal(line.fields.status, 403);
    assert.match(String(line.fields.reason), /Origin not allowed/);
  });

  it('refuses the opaque origin of a file:// page with 403', async () => {
    assert.equal((await refusal(`${server.wsUrl}/echo`, 'null')).status, 403);
  });

  it('refuses a handshake on an unknown path with 404', async () => {
    const result = await refusal(`${server.wsUrl}/nowhere`, PAGE_ORIGIN);
    assert.equal(result.status, 404);
    assert.match(result.body, /no WebSocket endpoint at \/nowhere/);
  });

  it('answers a plain GET on a WebSocket path with 426 and the version it speaks', async () => {
    const response = await fetch(`${server.url}/echo`);
    assert.equal(response.status, 426);
    assert.equal(response.headers.get('sec-websocket-version'), '13');
    assert.equal(response.headers.get('upgrade'), 'websocket');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(await response.text(), /WebSocket endpoint/);
  });

  it('reports its health as JSON any page may read', async () => {
    const response = await fetch(`${server.url}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const body = (await response.json()) as { status: string; endpoints: string[] };
    assert.equal(body.status, 'ok');
    assert.ok(body.endpoints.includes('/echo'));
  });

  it('serves the built site, and nothing outside it', async () => {
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /test site/);
    // Raw requests: fetch would normalise the dots away before they reach the server.
    for (const path of ['/../../etc/passwd', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/..%5c..%5cetc%5cpasswd']) {
      assert.equal(await rawStatus(server.port, path), 404, path);
    }
  });

  it('sends text files gzipped to a client that accepts it, and plain to one that does not', async () => {
    const zipped = await rawGet(server.port, '/', { 'Accept-Encoding': 'gzip, deflate' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers['vary'], 'Accept-Encoding');
    assert.equal(Number(zipped.headers['content-length']), zipped.body.length);
    assert.match(gunzipSync(zipped.body).toString(), /test site/);
    const plainBody = await rawGet(server.port, '/', {});
    assert.equal(plainBody.headers['content-encoding'], undefined);
    assert.match(plainBody.body.toString(), /test site/);
  });

  it('closes every client with 1001 when it shuts down', async () => {
    const other = await startPlaygroundServer({ port: 0, staticRoot: site, logger: () => {} });
    const socket = await open(`${other.wsUrl}/echo`, other.url);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await other.close();
    assert.equal(await closed, 1001);
  });
});
