/**
 * One POST to a lab of the live server (`/frame-lab`, `/break-it`, `/login`,
 * `/ticket`): the request, and every way it can go wrong, told in a
 * sentence. Never throws.
 */
import { httpUrl } from './endpoint-url.ts';
import { liveServerAnswers, noLiveServer } from './live-health.ts';

export type LabOutcome<T> =
  { readonly ok: true; readonly answer: T } | { readonly ok: false; readonly message: string };

/** A lab's outcome with the HTTP status of a refusal, when the server answered one and the page may read it (CORS). */
export type PostOutcome<T> =
  | { readonly ok: true; readonly answer: T }
  | { readonly ok: false; readonly status?: number; readonly message: string };

export interface LabRequest<T> {
  /** The live server's WebSocket URL. */
  readonly serverUrl: string;
  readonly path: string;
  readonly contentType: string;
  readonly body: BodyInit;
  /** More request headers (`Authorization`). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** `include` lets the browser keep the answer's cookie and send the site's cookies; none by default. */
  readonly credentials?: RequestCredentials | undefined;
  /** The lab as a reader would name it: "it has no frame lab there". */
  readonly name: string;
  /** Reads the lab's answer; throws an Error that says what is wrong with it. */
  readonly parse: (text: string) => T;
}

/** How long the page waits for a lab (the frame lab waits about 1.5 s for ws itself). */
export const LAB_TIMEOUT_MS = 8000;

/** Whether a fetch (or the reading of its body) gave up because `AbortSignal.timeout` ran out. */
function timedOut(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'TimeoutError';
}

/** The lab's own reason for a refusal, `{"error": "..."}`; empty when the body is not that. */
function labRefusal(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not the lab's JSON: an older server, or something else at that address.
    return '';
  }
  return typeof parsed === 'object' && parsed !== null && 'error' in parsed && typeof parsed.error === 'string'
    ? parsed.error
    : '';
}

export async function postToLab<T>(request: LabRequest<T>): Promise<LabOutcome<T>> {
  const outcome = await postForAnswer(request);
  return outcome.ok ? outcome : { ok: false, message: outcome.message };
}

/** `postToLab`, with the status of a refusal beside its sentence. */
export async function postForAnswer<T>(request: LabRequest<T>): Promise<PostOutcome<T>> {
  const { serverUrl, path, contentType, body, name, parse, headers = {}, credentials = 'same-origin' } = request;
  const url = httpUrl(serverUrl, path);
  let response: Response | undefined;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': contentType },
      body,
      cache: 'no-store',
      credentials,
      // Covers the body too: a server that sends its headers and then stalls is stopped here as well.
      signal: AbortSignal.timeout(LAB_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    if (timedOut(error)) {
      return { ok: false, message: `The live server at ${url} took more than ${LAB_TIMEOUT_MS / 1000} s to answer.` };
    }
    if (response) {
      return {
        ok: false,
        status: response.status,
        message: `The live server at ${url} answered ${response.status}, but the connection broke before the end of its answer.`,
      };
    }
    // A browser hides why a fetch failed; the health check, which answers every page, tells "refused" from "nothing there".
    const origin = window.location.origin;
    if (await liveServerAnswers(serverUrl)) {
      return {
        ok: false,
        message:
          `The live server at ${serverUrl} is running but refused this page. It only accepts pages from the origins ` +
          `in its ALLOWED_ORIGINS; this page is ${origin}. To let this page in, start it with ALLOWED_ORIGINS=${origin} npm start.`,
      };
    }
    return { ok: false, message: noLiveServer(`No live server answered at ${url}.`) };
  }
  if (!response.ok) {
    const reason = labRefusal(text);
    if (reason !== '') {
      return { ok: false, status: response.status, message: `The live server answered ${response.status}: ${reason}` };
    }
    return {
      ok: false,
      status: response.status,
      message: `The live server answered ${response.status} ${response.statusText} at ${url}: it has no ${name} there.`,
    };
  }
  try {
    return { ok: true, answer: parse(text) };
  } catch (error) {
    return { ok: false, message: `The live server's answer could not be read: ${(error as Error).message}.` };
  }
}
