import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { tryWss, wssUrl, type WssOutcome } from '../../../src/transport/tls-probe.ts';
import { serverUrl } from '../helpers/live-servers.ts';

/**
 * What a page gets when TLS fails under wss: (the security lesson's wss
 * part): an error and close 1006, not clean, with no reason, whatever the
 * cause. Checked against the Chromium the tests run, and the simulated
 * outcome held to it.
 */

/** The outcome without the fields that name where and how it was made. */
function seen(outcome: WssOutcome): Pick<WssOutcome, 'events' | 'code' | 'reason' | 'wasClean' | 'problem'> {
  const { events, code, reason, wasClean, problem } = outcome;
  return { events, code, reason, wasClean, ...(problem !== undefined && { problem }) };
}

const FAILED = { events: ['error', 'close'], code: 1006, reason: '', wasClean: false };

describe('tryWss', () => {
  let base: string;

  before(async () => {
    base = await serverUrl('live-server-url');
  });

  it('names the live server’s own host and port with wss:', () => {
    expect(wssUrl('ws://localhost:8080')).to.equal('wss://localhost:8080/echo');
    expect(wssUrl('ws://example.org/sub/')).to.equal('wss://example.org/sub/echo');
    expect(wssUrl('wss://example.org')).to.equal('wss://example.org/echo');
  });

  it('gives 1006, not clean, no reason, when the server at that port speaks no TLS (Chromium)', async () => {
    expect(navigator.userAgent).to.contain('Chrome');
    const outcome = await tryWss(ConnectionMode.live, base);
    expect(outcome.url).to.equal(wssUrl(base));
    expect(outcome.simulated).to.equal(false);
    expect(seen(outcome)).to.deep.equal(FAILED);
  });

  it('gives exactly the same for a certificate the browser does not trust', async () => {
    const tls = await executeServerCommand('tls-server-url');
    if (typeof tls !== 'string') throw new Error('the test runner started no TLS server (is openssl installed?)');
    // The server is there and speaks TLS: a client that trusts any certificate gets its 101.
    expect(await executeServerCommand('forged-handshake', { url: `${tls}/`, trustAnyCertificate: true })).to.equal(101);
    expect(seen(await tryWss(ConnectionMode.live, tls))).to.deep.equal(FAILED);
  });

  it('builds the same outcome in Simulated mode, marked as built', async () => {
    const outcome = await tryWss(ConnectionMode.simulated, base);
    expect(outcome.simulated).to.equal(true);
    expect(outcome.url).to.equal(wssUrl(base));
    expect(seen(outcome)).to.deep.equal(seen(await tryWss(ConnectionMode.live, base)));
  });

  it('says so when the server URL is not one', async () => {
    const outcome = await tryWss(ConnectionMode.live, 'not a url');
    expect(outcome.problem).to.contain('is not a server URL');
    expect(outcome.events).to.deep.equal([]);
  });
});
