import { expect } from '@open-wc/testing';
import { sendToLab } from '../../../src/transport/frame-lab.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';

/**
 * The live frame lab's failures, with the server's answer stood in for by a
 * stubbed fetch: whatever goes wrong, and when, `sendToLab` answers with a
 * sentence and never throws.
 */

const SERVER = 'ws://127.0.0.1:9';
const LAB = 'http://127.0.0.1:9/frame-lab';
/** An unmasked empty text frame: the bytes do not matter here, the live path sends them as they are. */
const BYTES = new Uint8Array([0x81, 0x00]);
const realFetch = window.fetch;

/** A 200 whose body starts and then breaks off, as when the connection drops mid-answer. */
function answerThatBreaks(): void {
  window.fetch = () =>
    Promise.resolve(
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"verdict":'));
            controller.error(new TypeError('network error'));
          },
        }),
        { status: 200 },
      ),
    );
}

/**
 * A 200 whose body never comes: Chromium's `text()` then rejects with the
 * signal's reason, a TimeoutError, once `AbortSignal.timeout` fires (checked
 * against a real server that stalls after its headers).
 */
function answerThatStalls(): void {
  const stalled = new Response('', { status: 200 });
  stalled.text = () => Promise.reject(new DOMException('signal timed out', 'TimeoutError'));
  window.fetch = () => Promise.resolve(stalled);
}

function answer(status: number, body: string): void {
  window.fetch = () => Promise.resolve(new Response(body, { status, statusText: 'Bad Request' }));
}

afterEach(() => {
  window.fetch = realFetch;
});

describe('the live frame lab', () => {
  it('says so when the connection breaks in the middle of the answer', async () => {
    answerThatBreaks();
    expect(await sendToLab(BYTES, ConnectionMode.live, SERVER)).to.deep.equal({
      ok: false,
      message: `The live server at ${LAB} answered 200, but the connection broke before the end of its answer.`,
    });
  });

  it('says so when the server sends its headers and then stalls past the timeout', async () => {
    answerThatStalls();
    expect(await sendToLab(BYTES, ConnectionMode.live, SERVER)).to.deep.equal({
      ok: false,
      message: `The live server at ${LAB} took more than 8 s to answer.`,
    });
  });

  it('gives the lab’s own reason for a refusal', async () => {
    answer(400, '{"error":"the frame is too long"}');
    expect(await sendToLab(BYTES, ConnectionMode.live, SERVER)).to.deep.equal({
      ok: false,
      message: 'The live server answered 400: the frame is too long',
    });
  });

  it('does not take a reason that is not text for one', async () => {
    answer(400, '{"error":42}');
    expect(await sendToLab(BYTES, ConnectionMode.live, SERVER)).to.deep.equal({
      ok: false,
      message: `The live server answered 400 Bad Request at ${LAB}: it has no frame lab there.`,
    });
  });

  it('says no live server answered when the request itself fails', async () => {
    expect(await sendToLab(BYTES, ConnectionMode.live, SERVER)).to.deep.equal({
      ok: false,
      message:
        `No live server answered at ${LAB}. Start one with ` +
        '"npm start" (or "npm run server") in the project folder, point this page at another with ' +
        '?server=ws://host:port, or switch to Simulated, which needs no server.',
    });
  });
});
