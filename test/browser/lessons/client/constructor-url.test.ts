import { expect, html } from '@open-wc/testing';
import '../../../../src/lessons/client/wsp-lesson-client.ts';
import type { WspLessonClient } from '../../../../src/lessons/client/wsp-lesson-client.ts';
import { serverUrl } from '../../helpers/live-servers.ts';
import { lessonFixture, shadow, text } from '../../helpers/lesson-helpers.ts';

/**
 * What the client lesson says about the URL `new WebSocket(url)` takes, shown
 * in the Chromium the tests run (WHATWG WebSockets Standard §3.1, the
 * constructor's steps). The test page is served over http:, so the mixed
 * content case (a ws: URL from an https: page) is not among them.
 */

interface Outcome {
  readonly events: readonly string[];
  readonly echoed?: string;
}

/** Sends `hi` once open and reports what happened, until the close event. */
function run(socket: WebSocket): Promise<Outcome> {
  const events: string[] = [];
  let echoed: string | undefined;
  return new Promise((resolve) => {
    socket.addEventListener('open', () => {
      events.push('open');
      socket.send('hi');
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      echoed = String(event.data);
      socket.close(1000, 'done');
    });
    socket.addEventListener('error', () => events.push('error'));
    socket.addEventListener('close', (event) => {
      events.push(`close ${event.code} ${event.wasClean ? 'clean' : 'not clean'}`);
      resolve({ events, echoed });
    });
  });
}

/** The name of what the constructor threw at once, or 'nothing' (the socket it made is closed again). */
function thrownBy(url: string, protocols?: string[]): string {
  try {
    new WebSocket(url, protocols).close();
    return 'nothing';
  } catch (error) {
    return error instanceof DOMException ? error.name : String(error);
  }
}

/** The live server's address for plain HTTP: `ws://host:port` as `http://host:port`. */
async function liveHttp(): Promise<URL> {
  return new URL((await serverUrl('live-server-url')).replace(/^ws/, 'http'));
}

describe('the URL new WebSocket() takes, in this Chromium', () => {
  it('resolves a relative URL against the page: /echo becomes ws://<the page’s host>/echo', () => {
    const socket = new WebSocket('/echo');
    const url = socket.url;
    socket.close();
    expect(url).to.equal(`ws://${window.location.host}/echo`);
  });

  it('resolves it against the document’s base URL, and the connection opens there', async () => {
    const live = await liveHttp();
    const base = document.createElement('base');
    base.href = live.href;
    document.head.prepend(base);
    let socket: WebSocket;
    try {
      socket = new WebSocket('/echo?from=relative');
    } finally {
      base.remove();
    }
    expect(socket.url).to.equal(`ws://${live.host}/echo?from=relative`);
    expect(await run(socket)).to.deep.equal({ events: ['open', 'close 1000 clean'], echoed: 'hi' });
  });

  it('turns http: into ws: and opens it, and https: into wss:', async () => {
    const live = await liveHttp();
    const socket = new WebSocket(`http://${live.host}/echo`);
    expect(socket.url).to.equal(`ws://${live.host}/echo`);
    expect(await run(socket)).to.deep.equal({ events: ['open', 'close 1000 clean'], echoed: 'hi' });

    // Nothing listens on port 9 of this machine: only the scheme matters here.
    const secure = new WebSocket('https://127.0.0.1:9/echo');
    expect(secure.url).to.equal('wss://127.0.0.1:9/echo');
    expect((await run(secure)).events).to.deep.equal(['error', 'close 1006 not clean']);
  });

  it('throws a SyntaxError at once for another scheme, a fragment, a URL that does not parse, a name twice', () => {
    expect(thrownBy('ftp://127.0.0.1/echo'), 'ftp:').to.equal('SyntaxError');
    expect(thrownBy('file:///echo'), 'file:').to.equal('SyntaxError');
    expect(thrownBy('ws://127.0.0.1/echo#top'), 'a fragment').to.equal('SyntaxError');
    expect(thrownBy('ws://127.0.0.1/echo#'), 'an empty fragment').to.equal('SyntaxError');
    expect(thrownBy('ws://[oops/echo'), 'no URL at all').to.equal('SyntaxError');
    expect(thrownBy('ws://127.0.0.1:9/echo', ['chat', 'chat']), 'a subprotocol twice').to.equal('SyntaxError');
  });

  it('throws nothing for a blocked port: it fails later, as an error event and close code 1006', async () => {
    // Port 25 is on Fetch's list of bad ports, so the handshake is a network error before any packet leaves.
    const socket = new WebSocket('ws://127.0.0.1:25/');
    expect(socket.url).to.equal('ws://127.0.0.1:25/');
    expect((await run(socket)).events).to.deep.equal(['error', 'close 1006 not clean']);
  });
});

describe('the client lesson on the URL', () => {
  it('says what the constructor takes, what it turns into ws: and wss:, and what throws at once', async () => {
    const lesson = await lessonFixture<WspLessonClient>(html`<wsp-lesson-client></wsp-lesson-client>`);
    const heading = [...shadow(lesson).querySelectorAll('h2')].find((h2) => text(h2) === 'Opening a connection');
    const [takes, throws] = [heading?.nextElementSibling, heading?.nextElementSibling?.nextElementSibling].map(text);
    expect(takes).to.contain("new WebSocket('/echo') connects to wss://example.com/echo");
    expect(takes).to.contain('http: into ws: and https: into wss: (§3.1');
    expect(throws).to.contain('SyntaxError');
    expect(throws).to.contain('a #fragment, even an empty one');
    expect(throws).to.contain('SecurityError');
    expect(throws).to.contain('a blocked port (such as 25)');
  });
});
