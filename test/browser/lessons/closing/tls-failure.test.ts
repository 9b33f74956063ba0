import { expect } from '@open-wc/testing';
import { serverUrl } from '../../helpers/live-servers.ts';

/**
 * What a page learns when a connection fails, in real Chromium: the closing
 * lesson says a browser never reports 1015 (RFC 6455 §7.4.1 defines it for a
 * failed TLS handshake), because the WHATWG WebSockets Standard (§4,
 * "Feedback from the protocol") forbids telling a script why a connection
 * failed: a failed TLS handshake, a refused port and a host that is no
 * WebSocket server all read as 1006, an empty reason, wasClean false.
 */

interface Failure {
  readonly events: readonly string[];
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** Opens `url` with the browser's own WebSocket and records what the page hears until the close event. */
function failure(url: string): Promise<Failure> {
  return new Promise((resolve, reject) => {
    const events: string[] = [];
    const socket = new WebSocket(url);
    const timer = setTimeout(() => reject(new Error(`no close event from ${url}`)), 8000);
    socket.addEventListener('open', () => events.push('open'));
    socket.addEventListener('error', () => events.push('error'));
    socket.addEventListener('close', (event) => {
      clearTimeout(timer);
      events.push('close');
      resolve({ events, code: event.code, reason: event.reason, wasClean: event.wasClean });
    });
  });
}

describe('a connection that fails in Chromium', () => {
  let live: URL;
  before(async () => {
    live = new URL(await serverUrl('live-server-url'));
  });

  it('reports a failed TLS handshake as 1006, never 1015: wss: to the live server’s plain port', async () => {
    // The live server speaks plain ws: its answer to a TLS ClientHello is no TLS, so the handshake fails.
    const result = await failure(`wss://${live.host}/echo`);
    expect(result).to.deep.equal({ events: ['error', 'close'], code: 1006, reason: '', wasClean: false });
  });

  it('gives the page the same 1006 for a refused port, so a script cannot tell the two apart', async () => {
    const tls = await failure(`wss://${live.host}/echo`);
    const refused = await failure(`ws://${live.hostname}:9/echo`);
    expect(refused).to.deep.equal(tls);
  });

  it('opens the same URL over plain ws: the failure was the TLS handshake, not the server', async () => {
    const socket = new WebSocket(`ws://${live.host}/echo`);
    const opened = await new Promise<string>((resolve) => {
      socket.addEventListener('open', () => resolve('open'));
      socket.addEventListener('close', (event) => resolve(`closed ${event.code}`));
    });
    socket.close(1000);
    expect(opened).to.equal('open');
  });
});
