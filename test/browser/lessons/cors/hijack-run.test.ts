import { expect } from '@open-wc/testing';
import type { TraceEvent } from '../../../../src/protocol/index.ts';
import { COOKIE_CHOICES } from '../../../../src/lessons/cors/cookie-rules.ts';
import {
  checking,
  cookieReceived,
  crossSiteAddress,
  defaultOtherSite,
  expectedCookie,
  isBusy,
  isOtherSiteStep,
  LivePhase,
  noOtherSite,
  noWatch,
  otherSiteOrigin,
  running,
  timedOut,
  withCookie,
  withEvents,
  withStep,
  type LiveRun,
} from '../../../../src/lessons/cors/hijack-run.ts';

/** The live attack's steps as pure state: no page, no server, no frame. */

const PAGE = 'http://localhost:8080';
const OTHER = 'http://localhost:8081';
const step = (name: string, text: string) => ({ type: 'wsp-other-site', step: name, text }) as const;

function origin(text: string): string {
  const parsed = otherSiteOrigin(text, PAGE);
  if (!('origin' in parsed)) throw new Error(`expected an origin from ${text}`);
  return parsed.origin;
}

function failure(text: string): LiveRun {
  const parsed = otherSiteOrigin(text, PAGE);
  if (!('failure' in parsed)) throw new Error(`expected ${text} to be refused`);
  return parsed.failure;
}

describe('the hijack run’s state', () => {
  it('puts the other site on the live server’s port + 1, as npm start does', () => {
    expect(defaultOtherSite('ws://localhost:8080')).to.equal('http://localhost:8081');
    expect(defaultOtherSite('wss://play.example/sub')).to.equal('https://play.example:444');
    expect(defaultOtherSite('ws://127.0.0.1')).to.equal('http://127.0.0.1:81');
    expect(defaultOtherSite('not a url')).to.equal('http://localhost:8081');
  });

  it('takes the origin of the address the reader typed', () => {
    expect(origin('http://localhost:8081/some/page?x=1')).to.equal(OTHER);
    expect(origin('https://other.example')).to.equal('https://other.example');
  });

  it('refuses an address that is not a web page, and this page’s own origin', () => {
    const notAddress = failure('localhost:8081');
    expect(notAddress.phase).to.equal(LivePhase.failed);
    expect(notAddress.message).to.equal('“localhost:8081” is not a web address like http://localhost:8081.');
    expect(failure('ws://localhost:8081').message).to.contain('is not a web address');
    const own = failure(`${PAGE}/`);
    expect(own.origin).to.equal(PAGE);
    expect(own.message).to.equal('That is this page’s own origin; the other site needs another port or host.');
    expect(own.src).to.equal(undefined);
  });

  it('is busy while it checks and runs, and not once it is done or failed', () => {
    const first = checking(OTHER);
    expect(first).to.deep.equal({ phase: LivePhase.checking, origin: OTHER, steps: [], events: [] });
    expect(isBusy(undefined)).to.equal(false);
    expect(isBusy(first)).to.equal(true);
    expect(isBusy(running(first, 'abc'))).to.equal(true);
    expect(isBusy(noOtherSite(OTHER))).to.equal(false);
    expect(isBusy(withStep(running(first, 'abc'), step('close', 'Refused')))).to.equal(false);
  });

  it('loads the other site with the watch’s id, so its handshake names it', () => {
    const run = running(checking(OTHER), '0123456789abcdef0123456789abcdef');
    expect(run.phase).to.equal(LivePhase.running);
    expect(run.src).to.equal(`${OTHER}/?trace=0123456789abcdef0123456789abcdef`);
  });

  it('collects the server’s events and the other site’s steps in order, ending on its close step', () => {
    const request: TraceEvent = {
      type: 'handshake-request',
      at: 0,
      method: 'GET',
      path: '/echo?trace=x',
      httpVersion: 'HTTP/1.1',
      headers: [['Origin', OTHER]],
    };
    const note: TraceEvent = { type: 'note', at: 1, text: 'Origin not allowed' };
    let run = running(checking(OTHER), 'x');
    run = withStep(run, step('start', 'Opening'));
    run = withEvents(run, [request]);
    run = withEvents(run, [request, note]);
    expect(run.phase).to.equal(LivePhase.running);
    run = withStep(run, step('close', 'Refused'));
    expect(run.phase).to.equal(LivePhase.done);
    expect(run.steps).to.deep.equal(['Opening', 'Refused']);
    expect(run.events).to.deep.equal([request, note]);
    expect(run.src).to.equal(`${OTHER}/?trace=x`);
  });

  it('fails with the reason when nothing answers, the server will not be watched, or the report is late', () => {
    expect(noOtherSite(OTHER).message).to.match(/^No other site answered at http:\/\/localhost:8081\. /);
    expect(noWatch(OTHER, 'ws://localhost:8080', PAGE).message).to.equal(
      'The live server at ws://localhost:8080 did not answer this page’s trace side channel: is it running, and ' +
        'does its ALLOWED_ORIGINS include http://localhost:8080?',
    );
    const late = timedOut(withStep(running(checking(OTHER), 'x'), step('start', 'Opening')));
    expect(late.phase).to.equal(LivePhase.failed);
    expect(late.message).to.equal('The other site did not report back in time.');
    // The frame and what it said stay: the reader sees how far it got.
    expect(late.src).to.equal(`${OTHER}/?trace=x`);
    expect(late.steps).to.deep.equal(['Opening']);
  });

  it('finds the same page on another site under the other loopback name', () => {
    expect(crossSiteAddress('http://localhost:8081')).to.equal('http://127.0.0.1:8081');
    expect(crossSiteAddress('http://127.0.0.1:8081/x')).to.equal('http://localhost:8081');
    expect(crossSiteAddress('https://play.example:444')).to.equal(undefined);
    expect(crossSiteAddress('not a url')).to.equal(undefined);
  });

  it('sends the other site’s page to the server’s host, and remembers the cookie it wrote', () => {
    const cross = 'http://127.0.0.1:8081';
    const run = running(withCookie(checking(cross), COOKIE_CHOICES.lax, true, PAGE, 'ws://localhost:8080'), 'x');
    expect(run.src).to.equal(`${cross}/?trace=x&server=localhost`);
    expect(run.cookie).to.deep.equal({ choice: COOKIE_CHOICES.lax, stored: true });
  });

  it('reads the Cookie header off the server’s view, and says what Chromium’s rules expected', () => {
    const request = (headers: [string, string][]): TraceEvent => ({
      type: 'handshake-request',
      at: 0,
      method: 'GET',
      path: '/echo',
      httpVersion: 'HTTP/1.1',
      headers,
    });
    const start = { ...step('start', 'Opening'), storageAccess: false };
    const cross = withStep(
      running(
        withCookie(checking('http://127.0.0.1:8081'), COOKIE_CHOICES.noneSecure, true, PAGE, 'ws://localhost:8080'),
        'x',
      ),
      start,
    );
    expect(cross.storageAccess).to.equal(false);
    expect(cookieReceived(cross)).to.equal(undefined);
    expect(cookieReceived(withEvents(cross, [request([['Origin', OTHER]])]))).to.equal(false);
    expect(cookieReceived(withEvents(cross, [request([['cookie', '[redacted]']])]))).to.equal(true);
    // The frame found third-party cookies blocked: even SameSite=None stays home.
    expect(expectedCookie(cross)?.yes).to.equal(false);
    expect(expectedCookie({ ...cross, storageAccess: true })?.yes).to.equal(true);
    const same = running(withCookie(checking(OTHER), COOKIE_CHOICES.strict, true, PAGE, 'ws://localhost:8080'), 'x');
    expect(expectedCookie(same)?.yes).to.equal(true);
    const refused = withCookie(checking(OTHER), COOKIE_CHOICES.none, false, PAGE, 'ws://localhost:8080');
    expect(expectedCookie(refused)?.reason).to.contain('refused to store it');
    expect(expectedCookie(checking(OTHER))).to.equal(undefined);
  });

  it('hears only messages shaped as the other site’s steps', () => {
    expect(isOtherSiteStep(step('open', 'Got in'))).to.equal(true);
    expect(isOtherSiteStep({ type: 'wsp-other-site', step: 'open' })).to.equal(false);
    expect(isOtherSiteStep({ type: 'something-else', step: 'open', text: 'x' })).to.equal(false);
    expect(isOtherSiteStep(null)).to.equal(false);
    expect(isOtherSiteStep('wsp-other-site')).to.equal(false);
  });
});
