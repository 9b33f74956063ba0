import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../../../src/lessons/handshake/wsp-lesson-handshake.ts';
import type { WspLessonHandshake } from '../../../../src/lessons/handshake/wsp-lesson-handshake.ts';
import type { WspOnApproach } from '../../../../src/components/wsp-on-approach.ts';
import type { WspHandshakeH2Demo } from '../../../../src/lessons/handshake/wsp-handshake-h2-demo.ts';
import { EXAMPLE_REQUEST } from '../../../../src/lessons/handshake/h2-opening.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { serverUrl } from '../../helpers/live-servers.ts';
import {
  applyTheme,
  failOnConsoleErrors,
  shadow,
  text,
  useMode,
  useSiteThemeForAxe,
  WAIT,
} from '../../helpers/lesson-helpers.ts';

/** The played stream paces its events; a loaded machine may be slow to show all nine. */
const PLAY_WAIT = { timeout: 15_000 };

/** The lesson with its HTTP/2 demo loaded, as a reader who scrolled down to it gets it. */
async function renderDemo(): Promise<{ lesson: WspLessonHandshake; demo: WspHandshakeH2Demo; root: ShadowRoot }> {
  const lesson = await fixture<WspLessonHandshake>(html`<wsp-lesson-handshake></wsp-lesson-handshake>`);
  const lazy = [...shadow(lesson).querySelectorAll<WspOnApproach>('wsp-on-approach')].find((element) =>
    element.querySelector('wsp-handshake-h2-demo'),
  );
  expect(lazy, 'the demo waits inside wsp-on-approach').to.not.equal(undefined);
  await lazy!.loadNow();
  await customElements.whenDefined('wsp-handshake-h2-demo');
  const demo = lazy!.querySelector<WspHandshakeH2Demo>('wsp-handshake-h2-demo')!;
  await demo.updateComplete;
  return { lesson, demo, root: shadow(demo) };
}

/** One table of the comparison: for each row, its HTTP/1.1 lines, HTTP/2 lines and rule. */
function comparison(root: ShadowRoot, id: string): Map<string, { http1: string[]; http2: string[]; rule: string }> {
  const cells = (cell: Element | null): string[] =>
    [...(cell?.querySelectorAll('code') ?? [])].map((line) => text(line));
  return new Map(
    [...root.querySelectorAll(`#${id} tbody`)].map((row) => [
      row.getAttribute('data-row')!,
      {
        http1: cells(row.querySelector('.http1')),
        http2: cells(row.querySelector('.http2')),
        rule: text(row.querySelector('.rule')),
      },
    ]),
  );
}

/** The played trace's rows as the timeline shows them. */
function traceRows(root: ShadowRoot): { way: string; what: string; summary: string }[] {
  const timeline = shadow(root.querySelector('wsp-trace-timeline'));
  return [...timeline.querySelectorAll('[role=rowgroup] + [role=rowgroup] [role=row]')].map((row) => ({
    way: text(row.querySelector('.way')),
    what: text(row.querySelector('.what')),
    summary: text(row.querySelector('.summary')),
  }));
}

async function play(root: ShadowRoot, message: string): Promise<void> {
  root.querySelector<HTMLInputElement>('#h2-message')!.value = message;
  root.querySelector<HTMLButtonElement>('#play')!.click();
  // The last play's words go as the new one starts.
  await (root.host as WspHandshakeH2Demo).updateComplete;
  await waitUntil(
    () => /^Played over HTTP\/2/.test(text(root.querySelector('#play-status'))),
    'the play ends',
    PLAY_WAIT,
  );
  await root.querySelector('wsp-trace-timeline')!.updateComplete;
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the HTTP/2 section of the handshake lesson in ${mode} mode`, () => {
    useMode(mode);
    failOnConsoleErrors();

    it('compares the request header by header: a CONNECT with :protocol, no Host, Connection, Upgrade or key', async () => {
      const { root } = await renderDemo();
      const request = comparison(root, 'request-comparison');
      expect([...request.keys()]).to.deep.equal([
        'start',
        'protocol',
        'scheme',
        'authority',
        'connection',
        'key',
        'version',
        'origin',
        'subprotocols',
        'extensions',
      ]);
      expect(request.get('start')!.http1).to.deep.equal(['GET /chat HTTP/1.1']);
      expect(request.get('start')!.http2).to.deep.equal([':method = CONNECT', ':path = /chat']);
      expect(request.get('protocol')!.http1).to.deep.equal(['Upgrade: websocket']);
      expect(request.get('protocol')!.http2).to.deep.equal([':protocol = websocket']);
      expect(request.get('scheme')!.http2).to.deep.equal([':scheme = https']);
      expect(request.get('authority')!.http1).to.deep.equal(['Host: server.example.com']);
      expect(request.get('authority')!.http2).to.deep.equal([':authority = server.example.com']);
      expect(request.get('version')!.http2).to.deep.equal(['sec-websocket-version = 13']);
      expect(request.get('origin')!.http2).to.deep.equal(['origin = http://example.com']);
      expect(request.get('subprotocols')!.http2).to.deep.equal(['sec-websocket-protocol = chat, superchat']);
      for (const absent of ['connection', 'key']) {
        expect(request.get(absent)!.http2, absent).to.deep.equal([]);
        expect(text(root.querySelector(`#request-comparison tbody[data-row=${absent}] .http2`))).to.equal('not sent');
      }
      expect(request.get('key')!.http1).to.deep.equal(['Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==']);
      // Each rule names where it comes from.
      expect(request.get('connection')!.rule).to.contain('RFC 8441 §5').and.contain('RFC 9113 §8.2.2');
      expect(request.get('key')!.rule).to.contain('supersedes it (RFC 8441 §5)');
      expect(request.get('scheme')!.rule).to.contain('RFC 8441 §4').and.contain('RFC 9113 §8.5');
      // Every field of the model's request is in the table, once, and nothing else is.
      const shown = [...request.values()].flatMap((row) => row.http2);
      expect(shown).to.have.members(EXAMPLE_REQUEST.map(([name, value]) => `${name} = ${value}`));
    });

    it('compares the answer: 200 instead of 101, and no Accept, Upgrade or Connection', async () => {
      const { root } = await renderDemo();
      const answer = comparison(root, 'response-comparison');
      expect(answer.get('status')!.http1).to.deep.equal(['HTTP/1.1 101 Switching Protocols']);
      expect(answer.get('status')!.http2).to.deep.equal([':status = 200']);
      expect(answer.get('status')!.rule).to.contain('HTTP/2 has no 101 (RFC 9113 §8.6)');
      expect(answer.get('accept')!.http1).to.deep.equal(['Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=']);
      for (const absent of ['upgrade', 'connection', 'accept']) {
        expect(answer.get(absent)!.http2, absent).to.deep.equal([]);
      }
      expect(answer.get('subprotocol')!.http2).to.deep.equal(['sec-websocket-protocol = chat']);
    });

    it('says when a browser opens a WebSocket this way, with its sources', async () => {
      const { root } = await renderDemo();
      const prose = text(root);
      expect(prose).to.contain('SETTINGS_ENABLE_CONNECT_PROTOCOL = 1');
      expect(prose).to.contain('(RFC 8441 §3)');
      expect(prose).to.contain('speaks HTTP/2 only over TLS');
      expect(prose).to.contain('chromestatus feature 6251293127475200');
      expect(prose).to.contain('as of this writing');
    });

    if (mode === ConnectionMode.simulated) {
      it('plays a CONNECT, its 200 and then ordinary RFC 6455 frames, the browser’s masked', async () => {
        const { root } = await renderDemo();
        expect(root.querySelector('#open-live'), 'nothing live in Simulated mode').to.equal(null);
        await play(root, 'Hello over HTTP/2');

        const request = [...root.querySelectorAll('#played-request li')].map((field) => text(field));
        expect(request).to.include.members([
          ':method = CONNECT',
          ':protocol = websocket',
          ':scheme = https',
          ':path = /echo',
          `:authority = ${new URL(await serverUrl('live-server-url')).host}`,
          'sec-websocket-version = 13',
          `origin = ${window.location.origin}`,
        ]);
        const names = request.map((field) => field.split(' = ')[0]!);
        for (const absent of ['host', 'connection', 'upgrade', 'sec-websocket-key']) {
          expect(names, absent).to.not.include(absent);
        }
        expect(text(root.querySelector('#played-response'))).to.equal(
          'HEADERS frame, stream 1, server → browser :status = 200',
        );

        const rows = traceRows(root);
        expect(rows.map((row) => row.what)).to.deep.equal([
          'server note',
          'CONNECT request',
          '200 response',
          'text frame',
          'text frame',
          'close frame',
          'close frame',
          'server note',
          'connection closed',
        ]);
        expect(rows[0]!.summary).to.contain('SETTINGS_ENABLE_CONNECT_PROTOCOL = 1');
        expect(rows[1]!.summary).to.match(/^\/echo HTTP\/2, \d+ headers$/);
        // 17 bytes of text: 2 of header, 4 of mask from the browser; 2 of header from the server.
        expect(rows[3]).to.deep.include({ way: 'client → server' });
        expect(rows[3]!.summary).to.match(/^23 bytes on the wire, masked: "Hello over HTTP\/2"$/);
        expect(rows[4]).to.deep.include({
          way: 'server → client',
          summary: '19 bytes on the wire: "Hello over HTTP/2"',
        });
        expect(rows[5]!.summary).to.match(/masked: 1000 Normal Closure, "done"/);
        expect(rows[7]!.summary).to.contain('END_STREAM');

        // The browser's frame, byte for byte: FIN + text, MASK + length 17, then a masking key.
        const timeline = shadow(root.querySelector('wsp-trace-timeline'));
        timeline.querySelectorAll<HTMLButtonElement>('button.toggle')[3]!.click();
        await root.querySelector('wsp-trace-timeline')!.updateComplete;
        const details = text(timeline.querySelector('#details'));
        expect(details).to.match(/bytes 81 91 ([0-9a-f]{2} ){4}/);
        expect(details).to.contain('MASK 1');
        expect(details).to.match(/masking key ([0-9a-f]{2} ){3}[0-9a-f]{2}/);
      });

      it('plays a fresh masking key each time, and any message, however odd', async () => {
        const { root } = await renderDemo();
        const key = async (): Promise<string> => {
          const timeline = shadow(root.querySelector('wsp-trace-timeline'));
          const toggle = timeline.querySelectorAll<HTMLButtonElement>('button.toggle')[3]!;
          if (toggle.getAttribute('aria-expanded') !== 'true') toggle.click();
          await root.querySelector('wsp-trace-timeline')!.updateComplete;
          return /masking key ((?:[0-9a-f]{2} ?){4})/.exec(text(timeline.querySelector('#details')))![1]!;
        };
        await play(root, '');
        expect(traceRows(root)[3]!.summary).to.equal('6 bytes on the wire, masked: (empty)');
        const first = await key();
        await play(root, '<b>ünïcödé</b> 🎉');
        expect(traceRows(root)[4]!.summary).to.contain('"<b>ünïcödé</b> 🎉"');
        expect(root.querySelector('#played-request b')).to.equal(null);
        expect(await key()).to.not.equal(first);
      });
    } else {
      it('says the live server speaks HTTP/1.1 and why, and shows the request line it really received', async () => {
        const { root } = await renderDemo();
        expect(root.querySelector('#play'), 'nothing played in Live mode').to.equal(null);
        const prose = text(root);
        expect(prose).to.contain('What the live server speaks: HTTP/1.1');
        expect(prose).to.contain('websockets/ws#1458');
        expect(prose).to.contain('nginx/nginx#1683');
        expect(prose).to.contain('deploy/nginx.conf');

        root.querySelector<HTMLButtonElement>('#open-live')!.click();
        await waitUntil(
          () => /^GET /.test(text(root.querySelector('#live-request-line'))),
          'the server’s report',
          WAIT,
        );
        expect(text(root.querySelector('#live-request-line'))).to.match(/^GET \/echo\?trace=[0-9a-f]{32} HTTP\/1\.1$/);
        await waitUntil(() => /^HTTP\//.test(text(root.querySelector('#live-status-line'))), 'the answer', WAIT);
        expect(text(root.querySelector('#live-status-line'))).to.equal('HTTP/1.1 101 Switching Protocols');
        expect(text(root.querySelector('#live-verdict'))).to.equal(
          'Over HTTP/1.1: your browser sent a GET and the live server answered 101, with no CONNECT, no :protocol and no 200.',
        );
      });
    }
  });
}

describe('the HTTP/2 section of the handshake lesson on a phone and under axe-core', () => {
  useSiteThemeForAxe();

  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('keeps the comparison and the played trace within 360 px', async () => {
    await setViewport({ width: 360, height: 800 });
    const { demo, root } = await renderDemo();
    await play(root, 'Hello over HTTP/2');
    const right = demo.getBoundingClientRect().right;
    expect(right, 'the demo within the viewport').to.be.at.most(360);
    const tooWide = [...root.querySelectorAll<HTMLElement>('table, td, code, .frames section, dl, p')].filter(
      (element) => element.getBoundingClientRect().right > right + 0.5 || element.scrollWidth > element.clientWidth + 1,
    );
    expect(tooWide.map((element) => element.outerHTML.slice(0, 80))).to.deep.equal([]);
    expect(document.documentElement.scrollWidth, 'the page scrolls sideways').to.be.at.most(360);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`finds no violations in the comparison and the played trace (${theme} theme)`, async () => {
      applyTheme(theme);
      const { demo, root } = await renderDemo();
      await play(root, 'Hello over HTTP/2');
      // The CONNECT's row open, to check its details panel too.
      shadow(root.querySelector('wsp-trace-timeline')).querySelectorAll<HTMLButtonElement>('button.toggle')[1]!.click();
      await expect(demo).to.be.accessible();
    });
  }
});
