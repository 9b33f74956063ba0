import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { clientAddress, readTrustedProxies } from '../../server/client-address.ts';
import type { LogFields } from '../../server/log.ts';
import { startPlaygroundServer } from '../../server/playground-server.ts';

function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

/** Opens a WebSocket that claims to come through a proxy for `forwardedFor`; resolves with the status or 101. */
function handshake(url: string, forwardedFor: string): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: { 'X-Forwarded-For': forwardedFor } });
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('error', () => {});
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0 }));
  });
}

describe('the client address behind a reverse proxy', () => {
  const proxy = new Set(['127.0.0.1']);

  it('is the socket’s own address unless the socket is a trusted proxy', () => {
    assert.equal(clientAddress(request('203.0.113.9', '198.51.100.1'), proxy), '203.0.113.9');
    assert.equal(clientAddress(request('127.0.0.1'), proxy), '127.0.0.1');
  });

  it('is the last X-Forwarded-For hop that is not a trusted proxy: what a client writes further left is ignored', () => {
    assert.equal(clientAddress(request('127.0.0.1', '198.51.100.7'), proxy), '198.51.100.7');
    assert.equal(clientAddress(request('::ffff:127.0.0.1', '6.6.6.6, 198.51.100.7'), proxy), '198.51.100.7');
    assert.equal(clientAddress(request('127.0.0.1', '198.51.100.7, 127.0.0.1'), proxy), '198.51.100.7');
  });

  it('falls back to the proxy’s address when the header is junk', () => {
    assert.equal(clientAddress(request('127.0.0.1', 'not-an-address'), proxy), '127.0.0.1');
    assert.equal(clientAddress(request('127.0.0.1', ''), proxy), '127.0.0.1');
  });

  it('reads TRUSTED_PROXIES as IP addresses and refuses anything else', () => {
    assert.deepEqual(readTrustedProxies(' 127.0.0.1, ::1 '), ['127.0.0.1', '::1']);
    assert.deepEqual(readTrustedProxies(undefined), []);
    assert.throws(() => readTrustedProxies('proxy.example'), /TRUSTED_PROXIES has "proxy.example"/);
  });

  it('counts the per-address limit per client behind a trusted proxy, and never trusts the header otherwise', async () => {
    const logs: LogFields[] = [];
    const behindProxy = await startPlaygroundServer({
      port: 0,
      limits: { maxConnectionsPerAddress: 1 },
      trustedProxies: ['127.0.0.1'],
      logger: (event, fields = {}) => (event === 'connect' ? logs.push(fields) : undefined),
    });
    const url = `${behindProxy.wsUrl}/echo`;
    const ann = await handshake(url, '198.51.100.1');
    const bob = await handshake(url, '198.51.100.2');
    assert.deepEqual([ann.status, bob.status], [101, 101], 'two readers behind one proxy');
    assert.equal((await handshake(url, '198.51.100.1')).status, 503, 'a second connection of the same reader');
    assert.deepEqual(
      logs.map((fields) => fields.address),
      ['198.51.100.1', '198.51.100.2'],
    );
    // The place is the reader's: it comes back when the reader's connection ends.
    await new Promise((resolve) => {
      ann.socket!.once('close', resolve);
      ann.socket!.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await handshake(url, '198.51.100.1');
    assert.equal(again.status, 101);
    again.socket!.close();
    bob.socket!.close();
    await behindProxy.close();

    const direct = await startPlaygroundServer({ port: 0, limits: { maxConnectionsPerAddress: 1 }, logger: () => {} });
    const first = await handshake(`${direct.wsUrl}/echo`, '198.51.100.1');
    assert.equal(first.status, 101);
    assert.equal(
      (await handshake(`${direct.wsUrl}/echo`, '198.51.100.2')).status,
      503,
      'a forged header changes nothing',
    );
    first.socket!.close();
    await direct.close();
  });
});
