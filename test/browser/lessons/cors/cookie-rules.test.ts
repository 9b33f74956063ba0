import { expect } from '@open-wc/testing';
import {
  COOKIE_CHOICES,
  cookieAttributes,
  cookieLabel,
  cookieOnHandshake,
  cookieSent,
  cookieStored,
  otherLoopbackName,
  sameSite,
  sameSiteHandshake,
  secureForCookies,
  siteOf,
  type CookieChoiceName,
  type Handshake,
} from '../../../../src/lessons/cors/cookie-rules.ts';

/** Chromium's cookie rules for a handshake, in isolation: no page, no server, no cookie jar. */

const SERVER = 'ws://localhost:8080/echo';
const sameSitePage: Handshake = {
  cookieHost: 'localhost',
  pages: ['http://localhost:8081', 'http://localhost:8080'],
  server: SERVER,
  thirdPartyCookies: true,
};
const crossSitePage: Handshake = { ...sameSitePage, pages: ['http://127.0.0.1:8081', 'http://localhost:8080'] };

describe('the cookie rules of the hijack demo', () => {
  it('reads a site as scheme and registrable domain: ws as http, ports and subdomains aside', () => {
    expect(siteOf('ws://localhost:8080/echo')).to.equal('http://localhost');
    expect(siteOf('wss://live.bank.example/feed')).to.equal('https://bank.example');
    expect(siteOf('http://127.0.0.1:8081')).to.equal('http://127.0.0.1');
    expect(siteOf('http://[::1]:8081')).to.equal('http://[::1]');
    // The lesson's table, row by row.
    expect(sameSite('http://localhost:8081', 'ws://localhost:8080')).to.equal(true);
    expect(sameSite('https://app.bank.example', 'wss://live.bank.example')).to.equal(true);
    expect(sameSite('http://127.0.0.1:8081', 'ws://localhost:8080')).to.equal(false);
    expect(sameSite('http://bank.example', 'wss://bank.example')).to.equal(false);
    expect(sameSite('https://evil.example', 'wss://bank.example')).to.equal(false);
  });

  it('calls a handshake same-site only when every page up to the tab is the server’s site', () => {
    expect(sameSiteHandshake(sameSitePage)).to.equal(true);
    expect(sameSiteHandshake(crossSitePage)).to.equal(false);
    // A same-site frame inside a page of another site: the tab decides too (RFC 6265bis §5.2.1).
    expect(sameSiteHandshake({ pages: ['http://localhost:8081', 'https://evil.example'], server: SERVER })).to.equal(
      false,
    );
  });

  it('counts https, wss and loopback hosts as secure', () => {
    for (const url of ['https://bank.example', 'wss://bank.example', 'http://localhost:1', 'ws://127.0.0.1:2']) {
      expect(secureForCookies(url), url).to.equal(true);
    }
    for (const url of ['http://bank.example', 'ws://192.168.1.2:8080', 'http://localhost.example']) {
      expect(secureForCookies(url), url).to.equal(false);
    }
    expect(secureForCookies('http://[::1]:8080')).to.equal(true);
    expect(secureForCookies('http://app.localhost')).to.equal(true);
  });

  it('writes each choice as a site would, and names it for the reader', () => {
    const written = Object.fromEntries(
      (Object.keys(COOKIE_CHOICES) as CookieChoiceName[]).map((name) => [name, cookieAttributes(COOKIE_CHOICES[name])]),
    );
    expect(written).to.deep.equal({
      unset: '',
      lax: '; SameSite=Lax',
      strict: '; SameSite=Strict',
      noneSecure: '; SameSite=None; Secure',
      none: '; SameSite=None',
    });
    expect(cookieLabel(COOKIE_CHOICES.unset)).to.equal('no SameSite');
    expect(cookieLabel(COOKIE_CHOICES.noneSecure)).to.equal('SameSite=None; Secure');
  });

  it('refuses to store SameSite=None without Secure, and Secure from an insecure page', () => {
    expect(cookieStored(COOKIE_CHOICES.none, 'http://localhost:8080').yes).to.equal(false);
    expect(cookieStored(COOKIE_CHOICES.none, 'https://bank.example').reason).to.contain('§5.7, step 19');
    expect(cookieStored(COOKIE_CHOICES.noneSecure, 'http://localhost:8080').yes).to.equal(true);
    expect(cookieStored(COOKIE_CHOICES.noneSecure, 'http://127.0.0.1:8080').yes).to.equal(true);
    const insecure = cookieStored(COOKIE_CHOICES.noneSecure, 'http://play.example');
    expect(insecure.yes).to.equal(false);
    expect(insecure.reason).to.contain('step 13');
    for (const name of ['unset', 'lax', 'strict'] as const) {
      expect(cookieStored(COOKIE_CHOICES[name], 'http://play.example').yes, name).to.equal(true);
    }
  });

  it('sends every cookie on a same-site handshake, and only None across sites where third parties may', () => {
    const sent = (handshake: Handshake) =>
      Object.fromEntries(
        (Object.keys(COOKIE_CHOICES) as CookieChoiceName[]).map((name) => [
          name,
          cookieOnHandshake(COOKIE_CHOICES[name], 'http://localhost:8080', handshake).yes,
        ]),
      );
    expect(sent(sameSitePage)).to.deep.equal({ unset: true, lax: true, strict: true, noneSecure: true, none: false });
    expect(sent(crossSitePage)).to.deep.equal({
      unset: false,
      lax: false,
      strict: false,
      noneSecure: true,
      none: false,
    });
    expect(sent({ ...crossSitePage, thirdPartyCookies: false })).to.deep.equal({
      unset: false,
      lax: false,
      strict: false,
      noneSecure: false,
      none: false,
    });
  });

  it('says why, naming the section', () => {
    expect(cookieSent(COOKIE_CHOICES.strict, sameSitePage).reason).to.equal(
      'Same site: http://localhost:8081 and ws://localhost:8080/echo are both http://localhost, ports aside, so ' +
        'the cookie goes whatever its SameSite (RFC 6265bis §5.2).',
    );
    const lax = cookieSent(COOKIE_CHOICES.unset, crossSitePage).reason;
    expect(lax).to.contain('Cross-site: the page’s site, http://127.0.0.1, is not the server’s, http://localhost.');
    expect(lax).to.contain('treated as Lax (Chromium since 2020)');
    expect(lax).to.contain('a WebSocket handshake never is one (RFC 6265bis §5.8.3)');
    expect(cookieSent(COOKIE_CHOICES.noneSecure, { ...crossSitePage, thirdPartyCookies: false }).reason).to.contain(
      'this browser blocks third-party cookies',
    );
  });

  it('keeps a cookie to its own host, and a Secure one off an insecure server', () => {
    const otherHost = cookieSent(COOKIE_CHOICES.noneSecure, { ...sameSitePage, server: 'ws://127.0.0.1:8080/echo' });
    expect(otherHost.yes).to.equal(false);
    expect(otherHost.reason).to.contain('belongs to the host localhost and the server is 127.0.0.1');
    const insecure = cookieSent(COOKIE_CHOICES.noneSecure, {
      cookieHost: 'play.example',
      pages: ['http://play.example'],
      server: 'ws://play.example/echo',
      thirdPartyCookies: true,
    });
    expect(insecure.yes).to.equal(false);
    expect(insecure.reason).to.contain('neither wss: nor a loopback host');
  });

  it('knows the other loopback name', () => {
    expect(otherLoopbackName('localhost')).to.equal('127.0.0.1');
    expect(otherLoopbackName('127.0.0.1')).to.equal('localhost');
    expect(otherLoopbackName('play.example')).to.equal(undefined);
  });
});
