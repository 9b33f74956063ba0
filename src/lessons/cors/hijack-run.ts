import type { TraceEvent } from '../../protocol/index.ts';
import { cookieOnHandshake, otherLoopbackName, type CookieChoice, type CookieVerdict } from './cookie-rules.ts';

/**
 * The live attack from the other site, as pure state: each step of the run
 * (look for the other site, watch the server, load the page, hear its
 * report) is a function from one `LiveRun` to the next, so the story can be
 * tested without a page, a server or a frame.
 */

export const LivePhase = { checking: 'checking', running: 'running', done: 'done', failed: 'failed' } as const;
export type LivePhase = (typeof LivePhase)[keyof typeof LivePhase];

export interface LiveRun {
  readonly phase: LivePhase;
  /** The other site's origin; empty when the reader's address was not one. */
  readonly origin: string;
  /** The frame's address, once the server is being watched. */
  readonly src?: string;
  /** What the other site's page reported, in order. */
  readonly steps: readonly string[];
  /** The live server's view of the other site's handshake. */
  readonly events: readonly TraceEvent[];
  /** Why the run failed, in words for the reader. */
  readonly message?: string;
  /** The demo cookie this page wrote for its own host before the run, and whether the browser kept it. */
  readonly cookie?: { readonly choice: CookieChoice; readonly stored: boolean };
  /** This page's origin: the tab the other site's frame sits in, and the site the cookie belongs to. */
  readonly page?: string;
  /** The live server's WebSocket URL, whose host the other site's page connects to. */
  readonly server?: string;
  /** Whether the other site's page may use cookies as a third party here, as it reported; unknown until it does. */
  readonly storageAccess?: boolean;
}

/** One message from the other site's page (see server/other-site.ts). */
export interface OtherSiteStep {
  readonly type: 'wsp-other-site';
  /** `start`, `open`, `message` or `close`: the last one ends the run. */
  readonly step: string;
  readonly text: string;
  readonly opened?: boolean;
  /** With the `start` step: `document.hasStorageAccess()` in the other site's page, where the browser has it. */
  readonly storageAccess?: boolean;
}

export function isOtherSiteStep(data: unknown): data is OtherSiteStep {
  const fields = data as Partial<OtherSiteStep> | null;
  return (
    typeof fields === 'object' &&
    fields !== null &&
    fields.type === 'wsp-other-site' &&
    typeof fields.step === 'string' &&
    typeof fields.text === 'string'
  );
}

/** Where `npm start` puts the other site: the live server's port + 1 (OTHER_SITE_PORT moves it). */
export function defaultOtherSite(serverUrl: string): string {
  try {
    const url = new URL(serverUrl);
    const secure = url.protocol === 'wss:';
    const port = Number(url.port || (secure ? 443 : 80)) + 1;
    return `${secure ? 'https:' : 'http:'}//${url.hostname}:${port}`;
  } catch {
    return 'http://localhost:8081';
  }
}

export function failed(origin: string, message: string): LiveRun {
  return { phase: LivePhase.failed, origin, steps: [], events: [], message };
}

/**
 * The other site's origin from the address the reader typed, or the failed
 * run that says why it cannot be one: not a web address, or this page's own
 * origin (the other site must differ in scheme, host or port, RFC 6454).
 */
export function otherSiteOrigin(text: string, pageOrigin: string): { origin: string } | { failure: LiveRun } {
  let origin: string;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not a web page');
    origin = url.origin;
  } catch {
    return { failure: failed('', `“${text}” is not a web address like http://localhost:8081.`) };
  }
  if (origin === pageOrigin) {
    return { failure: failed(origin, 'That is this page’s own origin; the other site needs another port or host.') };
  }
  return { origin };
}

/** The run begins: is anything listening at the other site's origin? */
export function checking(origin: string): LiveRun {
  return { phase: LivePhase.checking, origin, steps: [], events: [] };
}

/** Nothing answered at the other site's origin. */
export function noOtherSite(origin: string): LiveRun {
  return failed(
    origin,
    `No other site answered at ${origin}. “npm start” serves it on the live server’s port + 1 (OTHER_SITE_PORT ` +
      `moves it; it is off when PORT=0): type its address above, or switch to Simulated, which needs no server.`,
  );
}

/** The live server would not let this page watch it. */
export function noWatch(origin: string, serverUrl: string, pageOrigin: string): LiveRun {
  return failed(
    origin,
    `The live server at ${serverUrl} did not answer this page’s trace side channel: is it running, and does ` +
      `its ALLOWED_ORIGINS include ${pageOrigin}?`,
  );
}

/**
 * The same other site under the other loopback name (127.0.0.1 for
 * localhost, and the reverse): the same page, but another site (RFC 6265bis
 * §5.2 compares names, not addresses). None for an address on any other host.
 */
export function crossSiteAddress(address: string): string | undefined {
  try {
    const url = new URL(address);
    const other = otherLoopbackName(url.hostname);
    if (other === undefined) return undefined;
    url.hostname = other;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** The demo cookie is written for this page's host before the other site loads: with what, and whether it was kept. */
export function withCookie(run: LiveRun, choice: CookieChoice, stored: boolean, page: string, server: string): LiveRun {
  return { ...run, cookie: { choice, stored }, page, server };
}

/**
 * The server is watched: the other site's page loads with the watch's id, and
 * so names it in its handshake, and with the server's host name, so that its
 * WebSocket goes where the cookie belongs whatever name the page itself has.
 */
export function running(run: LiveRun, traceId: string): LiveRun {
  const server = run.server === undefined ? '' : `&server=${encodeURIComponent(new URL(run.server).hostname)}`;
  return { ...run, phase: LivePhase.running, src: `${run.origin}/?trace=${traceId}${server}` };
}

/** The live server reported one more event of the other site's connection: its trace so far. */
export function withEvents(run: LiveRun, events: readonly TraceEvent[]): LiveRun {
  return { ...run, events };
}

/** The other site's page reported a step; its `close` step ends the run. */
export function withStep(run: LiveRun, step: OtherSiteStep): LiveRun {
  return {
    ...run,
    phase: step.step === 'close' ? LivePhase.done : run.phase,
    steps: [...run.steps, step.text],
    ...(typeof step.storageAccess === 'boolean' ? { storageAccess: step.storageAccess } : {}),
  };
}

/** Whether the handshake the server received carried a Cookie header; unknown until the server reports it. */
export function cookieReceived(run: LiveRun): boolean | undefined {
  const request = run.events.find((event) => event.type === 'handshake-request');
  if (request?.type !== 'handshake-request') return undefined;
  return request.headers.some(([name]) => name.toLowerCase() === 'cookie');
}

/**
 * What Chromium's rules say about this run's cookie (see cookie-rules.ts):
 * written by this page, sent by the other site's frame inside it, to the
 * live server. Third-party cookies count as allowed unless the other site's
 * page found its own blocked.
 */
export function expectedCookie(run: LiveRun): CookieVerdict | undefined {
  const { cookie, page, server } = run;
  if (cookie === undefined || page === undefined || server === undefined) return undefined;
  return cookieOnHandshake(cookie.choice, page, {
    cookieHost: new URL(page).hostname,
    pages: [run.origin, page],
    server,
    thirdPartyCookies: run.storageAccess !== false,
  });
}

/** The other site's page did not report back in time. */
export function timedOut(run: LiveRun): LiveRun {
  return { ...run, phase: LivePhase.failed, message: 'The other site did not report back in time.' };
}

/** Whether a run is under way: a new one waits until it ends. */
export function isBusy(run: LiveRun | undefined): boolean {
  return run?.phase === LivePhase.checking || run?.phase === LivePhase.running;
}
