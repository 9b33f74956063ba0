/**
 * The frame lab's wire: the reader's bytes go to a server after a real
 * handshake, and the lab reports what that server did. In Live mode that is
 * the live server's `POST /frame-lab`, which writes the bytes on a real TCP
 * connection to a bare ws server; in Simulated mode it is the page's own
 * server-side parser. Every failure comes back as a sentence for the page,
 * never as a thrown error.
 */
import { httpUrl } from './endpoint-url.ts';
import { noLiveServer } from './live-health.ts';
import { FRAME_LAB_MAX_BYTES, FRAME_LAB_PATH, parseLabAnswer, type LabAnswer } from '../protocol/index.ts';
import { ConnectionMode } from './mode.ts';
import { simulateLabServer } from './simulated-frame-lab.ts';

export type LabOutcome =
  { readonly ok: true; readonly answer: LabAnswer } | { readonly ok: false; readonly message: string };

/** How long the page waits for the live lab (it waits about 1.5 s for ws itself). */
const LIVE_TIMEOUT_MS = 8000;

/** Sends the lab's bytes on the wire `mode` chooses; `serverUrl` is the live server's WebSocket URL. */
export async function sendToLab(bytes: Uint8Array, mode: ConnectionMode, serverUrl: string): Promise<LabOutcome> {
  if (bytes.length === 0) return { ok: false, message: 'There is nothing to send: the frame has no bytes.' };
  if (bytes.length > FRAME_LAB_MAX_BYTES) {
    return {
      ok: false,
      message: `The lab sends at most ${FRAME_LAB_MAX_BYTES.toLocaleString('en')} bytes; this is ${bytes.length.toLocaleString('en')}.`,
    };
  }
  if (mode === ConnectionMode.simulated) return { ok: true, answer: simulateLabServer(bytes) };
  return postToLiveLab(bytes, httpUrl(serverUrl, FRAME_LAB_PATH));
}

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

async function postToLiveLab(bytes: Uint8Array, url: string): Promise<LabOutcome> {
  let response: Response | undefined;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: bytes.slice(),
      cache: 'no-store',
      // Covers the body too: a server that sends its headers and then stalls is stopped here as well.
      signal: AbortSignal.timeout(LIVE_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    if (timedOut(error)) {
      return { ok: false, message: `The live server at ${url} took more than ${LIVE_TIMEOUT_MS / 1000} s to answer.` };
    }
    if (response) {
      return {
        ok: false,
        message: `The live server at ${url} answered ${response.status}, but the connection broke before the end of its answer.`,
      };
    }
    return {
      ok: false,
      message: noLiveServer(`No live server answered at ${url} (or it refused this page without CORS headers).`),
    };
  }
  if (!response.ok) {
    const reason = labRefusal(text);
    if (reason !== '') return { ok: false, message: `The live server answered ${response.status}: ${reason}` };
    return {
      ok: false,
      message: `The live server answered ${response.status} ${response.statusText} at ${url}: it has no frame lab there.`,
    };
  }
  try {
    return { ok: true, answer: parseLabAnswer(text) };
  } catch (error) {
    return { ok: false, message: `The live server's answer could not be read: ${(error as Error).message}.` };
  }
}
