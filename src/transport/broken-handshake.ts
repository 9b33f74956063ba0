/**
 * "Break it": an upgrade request spoiled on purpose, really sent, and what a
 * browser makes of the answer. A page cannot send such a request (the browser
 * writes these headers itself and no script may set them), so in Live mode
 * the live server writes it to its own port over TCP and its own upgrade code
 * answers (`POST /break-it`, server/break-it.ts); in Simulated mode the
 * page's simulated server answers with the same code. Either way the page
 * gets the request as written and the answer as received, and judges the
 * answer with the client's checks of §4.1. Every failure comes back as a
 * sentence for the page, never as a thrown error.
 */
import {
  acceptWithGuid,
  BREAK_IT_PATH,
  BREAK_IT_TARGET,
  Breakage,
  checkServerAnswer,
  parseBreakItAnswer,
  parseHttpMessage,
  statusOf,
  WEBSOCKET_GUID,
  WRONG_GUID,
  type BreakItAnswer,
  type HttpMessage,
} from '../protocol/index.ts';
import { newKey } from './browser-request.ts';
import { endpointUrl } from './endpoint-url.ts';
import { postToLab } from './lab-post.ts';
import { ConnectionMode } from './mode.ts';
import { simulateBrokenHandshake } from './simulated-broken-handshake.ts';

export interface BrowserVerdict {
  readonly opens: boolean;
  /** Why, in a sentence. */
  readonly why: string;
  /** What Chromium writes to the console when it fails the connection. */
  readonly console: string | undefined;
  /** For a wrong Accept: the one the browser expects (`computeAccept` of its key) and the one it got. */
  readonly expectedAccept: string | undefined;
  readonly receivedAccept: string | undefined;
  /** Whether the Accept received is the key's with the GUID in lower case: the wrong-GUID switch at work. */
  readonly wrongGuid: boolean;
}

export interface BrokenHandshake {
  /** The WebSocket URL the request is for. */
  readonly url: string;
  /** Who answered. */
  readonly server: string;
  /** The request as written, and split up. */
  readonly request: HttpMessage & { readonly text: string };
  /** The answer as received, and split up. */
  readonly response: HttpMessage & { readonly text: string; readonly status: number };
  /** What was changed, in words, one line each. */
  readonly changes: readonly string[];
  readonly browser: BrowserVerdict;
}

export type BreakItOutcome =
  { readonly ok: true; readonly result: BrokenHandshake } | { readonly ok: false; readonly message: string };

/** Sends the broken handshake on the wire `mode` chooses; `serverUrl` is the live server's WebSocket URL. */
export async function sendBrokenHandshake(
  breakages: ReadonlySet<Breakage>,
  mode: ConnectionMode,
  serverUrl: string,
): Promise<BreakItOutcome> {
  const url = endpointUrl(serverUrl, BREAK_IT_TARGET);
  let answer: BreakItAnswer;
  if (mode === ConnectionMode.simulated) {
    answer = await simulateBrokenHandshake(
      { host: new URL(url).host, origin: window.location.origin, userAgent: navigator.userAgent, key: newKey() },
      breakages,
    );
  } else {
    const posted = await postToLab({
      serverUrl,
      path: BREAK_IT_PATH,
      contentType: 'application/json',
      body: JSON.stringify({ breakages: [...breakages] }),
      name: 'break-it lab',
      parse: parseBreakItAnswer,
    });
    if (!posted.ok) return posted;
    answer = posted.answer;
  }
  return { ok: true, result: await judge(url, answer, breakages) };
}

/** What the switches changed, in words. */
function changesFor(breakages: ReadonlySet<Breakage>, status: number): string[] {
  const changes: string[] = [];
  if (breakages.has(Breakage.noUpgrade)) changes.push('The Upgrade header is left out.');
  if (breakages.has(Breakage.version8)) changes.push('Sec-WebSocket-Version says 8 instead of 13.');
  if (breakages.has(Breakage.wrongGuid)) {
    changes.push(
      status === 101
        ? `The server computes its Accept with the GUID in lower case: ${WRONG_GUID}.`
        : 'The server would use a wrong GUID, but it never gets that far.',
    );
  }
  return changes;
}

/** The browser's side: the checks of §4.1 on the bytes received, with the request's own key. */
async function judge(url: string, answer: BreakItAnswer, breakages: ReadonlySet<Breakage>): Promise<BrokenHandshake> {
  const request = { ...parseHttpMessage(answer.request), text: answer.request };
  const parsed = parseHttpMessage(answer.response);
  const status = statusOf(parsed.startLine);
  const response = { ...parsed, text: answer.response, status };
  const key = request.headers.find(([name]) => name === 'Sec-WebSocket-Key')?.[1] ?? '';
  const verdict = await checkServerAnswer(key, parsed);
  const received = parsed.headers.find(([name]) => name.toLowerCase() === 'sec-websocket-accept')?.[1];
  const expected = await acceptWithGuid(key, WEBSOCKET_GUID);
  const base = { expectedAccept: undefined, receivedAccept: undefined, wrongGuid: false };
  let browser: BrowserVerdict;
  if (verdict.opens) {
    browser = {
      ...base,
      opens: true,
      why: 'The Accept is the one the browser computed from its key, so the connection opens.',
      console: undefined,
    };
  } else {
    const line = `WebSocket connection to '${url}' failed: Error during WebSocket handshake: ${verdict.failure}`;
    const wrongAccept = status === 101 && received !== undefined && received !== expected;
    browser = {
      opens: false,
      console: line,
      why:
        status !== 101
          ? `A browser fails the connection on any answer but 101 (the WHATWG WebSockets Standard's rule, §2.2; RFC 6455 §4.1 leaves other statuses to HTTP). The page gets an error event, then a close event with code 1006; it never sees the ${status} or the reason.`
          : wrongAccept
            ? 'The Accept is not the one the browser computed from its key, so it fails the connection (§4.1): an error event, then a close event with code 1006, although the server answered 101.'
            : 'The answer is a 101, but not a sound one, so the browser fails the connection (§4.1): an error event, then a close event with code 1006.',
      expectedAccept: wrongAccept ? expected : undefined,
      receivedAccept: wrongAccept ? received : undefined,
      wrongGuid: wrongAccept && received === (await acceptWithGuid(key, WRONG_GUID)),
    };
  }
  return { url, server: answer.server, request, response, changes: changesFor(breakages, status), browser };
}
