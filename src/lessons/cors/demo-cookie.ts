import { cookieAttributes, type CookieChoice } from './cookie-rules.ts';
import { DEMO_COOKIE } from './requests.ts';

/**
 * The hijack demo's cookie in the reader's real browser: written by this
 * page, so it belongs to this page's host (no Domain attribute), for ten
 * minutes. The browser, not this code, decides whether it is kept and where
 * it goes.
 */

const NAME = DEMO_COOKIE.split('=')[0]!;

/** Removes the demo cookie, Secure or not (a plain write may not replace a Secure cookie, RFC 6265bis §5.7). */
export function forgetDemoCookie(): void {
  document.cookie = `${NAME}=; Path=/; Max-Age=0`;
  document.cookie = `${NAME}=; Path=/; Max-Age=0; Secure`;
}

/** Replaces the demo cookie with one of the reader's choice; whether the browser kept it. */
export function storeDemoCookie(choice: CookieChoice): boolean {
  forgetDemoCookie();
  document.cookie = `${DEMO_COOKIE}; Path=/; Max-Age=600${cookieAttributes(choice)}`;
  return document.cookie.split('; ').some((entry) => entry.startsWith(`${NAME}=`));
}
