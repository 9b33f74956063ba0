/**
 * "Break it": the upgrade request the simulated browser writes, changed on
 * purpose, and what each side makes of it. A page cannot send such a request
 * (the browser writes these headers itself and no script may set them), so
 * the server's side is decided by the very code the live server runs on
 * every handshake: `checkUpgradeRequest`, then `refusalResponse` for the
 * bytes of a refusal. The browser's side is the check of §4.1.
 */
import {
  encodeBase64,
  checkUpgradeRequest,
  computeAccept,
  WEBSOCKET_GUID,
  type HeaderList,
  encodeUtf8,
  subtleCrypto,
} from '../protocol/index.ts';
import { refusalResponse } from '../service/gatekeeper.ts';
import { browserRequestHeaders } from './browser-request.ts';
import { endpointUrl } from './endpoint-url.ts';

export const Breakage = {
  /** The server builds its Accept with a wrong GUID. */
  wrongGuid: 'wrong-guid',
  /** The request has no Upgrade header. */
  noUpgrade: 'no-upgrade',
  /** The request asks for Sec-WebSocket-Version 8, an old draft's. */
  version8: 'version-8',
} as const;
export type Breakage = (typeof Breakage)[keyof typeof Breakage];

/** The GUID of §1.3 in lower case: the same letters, other bytes, so another Accept. */
export const WRONG_GUID = WEBSOCKET_GUID.toLowerCase();

/** The endpoint the demo pretends to connect to. */
const TARGET = '/echo';

export interface BrowserVerdict {
  readonly opens: boolean;
  /** Why, in a sentence. */
  readonly why: string;
  /** What Chromium writes to the console when it fails the connection. */
  readonly console: string | undefined;
  /** For a 101: the Accept the browser expects (`computeAccept` of its key) and the one it got. */
  readonly expectedAccept: string | undefined;
  readonly receivedAccept: string | undefined;
}

export interface BrokenHandshake {
  readonly url: string;
  readonly request: { readonly startLine: string; readonly headers: HeaderList };
  /** What was changed, in words, one line each. */
  readonly changes: readonly string[];
  readonly response: { readonly status: number; readonly reason: string; readonly headers: HeaderList };
  /** The refusal's body: the server's reason, as the live server sends it. Empty for a 101. */
  readonly body: string;
  readonly browser: BrowserVerdict;
}

async function acceptWith(key: string, guid: string): Promise<string> {
  return encodeBase64(new Uint8Array(await subtleCrypto().digest('SHA-1', encodeUtf8(key + guid))));
}

/**
 * Builds the request with the chosen breakages, lets the server's handshake
 * code answer it, and checks the answer as a browser does.
 */
export async function breakHandshake(
  serverUrl: string,
  key: string,
  breakages: ReadonlySet<Breakage>,
): Promise<BrokenHandshake> {
  const url = endpointUrl(serverUrl, TARGET);
  const changes: string[] = [];
  let headers = browserRequestHeaders({ host: new URL(url).host, key });
  if (breakages.has(Breakage.noUpgrade)) {
    headers = headers.filter(([name]) => name !== 'Upgrade');
    changes.push('The Upgrade header is left out.');
  }
  if (breakages.has(Breakage.version8)) {
    headers = headers.map(([name, value]) => [name, name === 'Sec-WebSocket-Version' ? '8' : value]);
    changes.push('Sec-WebSocket-Version says 8 instead of 13.');
  }
  const request = { startLine: `GET ${TARGET} HTTP/1.1`, headers };
  const checked = await checkUpgradeRequest({
    method: 'GET',
    httpVersion: '1.1',
    headers: Object.fromEntries(headers),
  });
  const failed = (why: string, message: string, accepts?: [string, string]): BrowserVerdict => ({
    opens: false,
    why,
    console: `WebSocket connection to '${url}' failed: Error during WebSocket handshake: ${message}`,
    expectedAccept: accepts?.[0],
    receivedAccept: accepts?.[1],
  });

  if (!checked.ok) {
    const refusal = refusalResponse(checked);
    if (breakages.has(Breakage.wrongGuid))
      changes.push('The server would use a wrong GUID, but it never gets that far.');
    return {
      url,
      request,
      changes,
      response: { status: refusal.status, reason: refusal.statusText, headers: refusal.headers },
      body: refusal.body,
      browser: failed(
        `A browser fails the connection on any answer but 101 (the Fetch standard's rule). The page gets an error event, then a close event with code 1006; it never sees the ${refusal.status} or the reason.`,
        `Unexpected response code: ${refusal.status}`,
      ),
    };
  }

  const expected = await computeAccept(key);
  let responseHeaders = checked.response.headers;
  let received = expected;
  if (breakages.has(Breakage.wrongGuid)) {
    received = await acceptWith(key, WRONG_GUID);
    responseHeaders = responseHeaders.map(([name, value]) => [
      name,
      name === 'Sec-WebSocket-Accept' ? received : value,
    ]);
    changes.push(`The server computes its Accept with the GUID in lower case: ${WRONG_GUID}.`);
  }
  const response = { status: checked.response.status, reason: checked.response.reason, headers: responseHeaders };
  const browser: BrowserVerdict =
    received === expected
      ? {
          opens: true,
          why: 'The Accept is the one the browser computed from its key, so the connection opens.',
          console: undefined,
          expectedAccept: expected,
          receivedAccept: received,
        }
      : failed(
          'The Accept is not the one the browser computed from its key, so it fails the connection (§4.1): an error event, then a close event with code 1006, although the server answered 101.',
          "Incorrect 'Sec-WebSocket-Accept' header value",
          [expected, received],
        );
  return { url, request, changes, response, body: '', browser };
}
