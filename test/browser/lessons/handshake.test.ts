import { expect, html, waitUntil } from '@open-wc/testing';
import '../../../src/lessons/handshake/wsp-lesson-handshake.ts';
import type { WspLessonHandshake } from '../../../src/lessons/handshake/wsp-lesson-handshake.ts';
import type { WspHandshakeHeaders } from '../../../src/lessons/handshake/wsp-handshake-headers.ts';
import { connectionSettings } from '../../../src/controllers/connection-settings.ts';
import { acceptWithGuid, computeAccept, WRONG_GUID } from '../../../src/protocol/index.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { serverUrl } from '../helpers/live-servers.ts';
import { lessonFixture, shadow, text, useMode, WAIT } from '../helpers/lesson-helpers.ts';

/** Drives the lesson the way a reader does: through its buttons, switches and fields. */
class LessonDriver {
  constructor(readonly lesson: WspLessonHandshake) {}

  get demo(): ShadowRoot {
    return shadow(shadow(this.lesson).querySelector('wsp-handshake-demo'));
  }

  get calculator(): ShadowRoot {
    return shadow(shadow(this.lesson).querySelector('wsp-accept-calculator'));
  }

  get breakIt(): ShadowRoot {
    return shadow(shadow(this.lesson).querySelector('wsp-handshake-break-it'));
  }

  get subprotocols(): ShadowRoot {
    return shadow(shadow(this.lesson).querySelector('wsp-handshake-subprotocols'));
  }

  /** A captured message's headers as [name, value] pairs, read from its table. */
  headers(table: Element | null): [string, string][] {
    if (!table) return [];
    return [...shadow(table).querySelectorAll('tbody tr[data-header]')].map((row) => [
      text(row.querySelector('th')),
      text(row.querySelector('td')),
    ]);
  }

  arrows(selector = ''): Element[] {
    const diagram = shadow(this.demo.querySelector('wsp-sequence-diagram'));
    return [...diagram.querySelectorAll(`g.step${selector}`)];
  }

  button(root: ShadowRoot, id: string): HTMLButtonElement {
    const button = root.querySelector<HTMLButtonElement>(`#${id}`);
    if (!button) throw new Error(`no button #${id}`);
    return button;
  }

  async runThreePhases(): Promise<void> {
    const demo = this.demo;
    this.button(demo, 'connect').click();
    await waitUntil(() => !this.button(this.demo, 'send').disabled, 'the connection opens', WAIT);
    this.demo.querySelector<HTMLInputElement>('#message')!.value = 'phase two';
    this.button(this.demo, 'send').click();
    await waitUntil(
      () => this.arrows('[data-kind=frame][data-from=server][data-opcode="1"]').length === 1,
      'echo',
      WAIT,
    );
    this.button(this.demo, 'close').click();
    await waitUntil(() => this.arrows('[data-kind=closed]').length === 1, 'the connection closes', WAIT);
  }

  /** Toggles one subprotocol checkbox to `on`. */
  offer(name: string, on: boolean): void {
    const box = this.subprotocols.querySelector<HTMLInputElement>(`input[value="${name}"]`)!;
    if (box.checked !== on) box.click();
  }

  async negotiate(): Promise<{ chosen: string; protocol: string; outcome: string }> {
    await waitUntil(() => !this.button(this.subprotocols, 'negotiate').disabled, 'the last attempt ends', WAIT);
    this.button(this.subprotocols, 'negotiate').click();
    await shadow(this.lesson).querySelector('wsp-handshake-subprotocols')!.updateComplete;
    await waitUntil(
      () => {
        const root = this.subprotocols;
        const outcome = text(root.querySelector('#outcome'));
        return /^(Opened|Failed)/.test(outcome) && !/waiting/.test(text(root.querySelector('#chosen')));
      },
      'the negotiation ends and the answer is in the trace',
      WAIT,
    );
    const root = this.subprotocols;
    return {
      chosen: text(root.querySelector('#chosen')),
      protocol: text(root.querySelector('#protocol')),
      outcome: text(root.querySelector('#outcome')),
    };
  }
}

async function renderLesson(): Promise<LessonDriver> {
  const lesson = await lessonFixture<WspLessonHandshake>(html`<wsp-lesson-handshake></wsp-lesson-handshake>`);
  return new LessonDriver(lesson);
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the handshake lesson in ${mode} mode`, () => {
    useMode(mode);

    it('draws the request, the 101, a text frame each way and both close frames as they cross', async () => {
      const driver = await renderLesson();
      expect(driver.arrows()).to.have.length(0);
      await driver.runThreePhases();
      await waitUntil(
        () => driver.arrows('[data-kind=frame][data-opcode="8"]').length === 2,
        'both close frames',
        WAIT,
      );

      expect(driver.arrows('[data-kind=request][data-from=client]')).to.have.length(1);
      const response = driver.arrows('[data-kind=response][data-from=server]');
      expect(response).to.have.length(1);
      expect(text(response[0]!)).to.contain('101 Switching Protocols');
      expect(driver.arrows('[data-kind=frame][data-from=client][data-opcode="1"]')).to.have.length(1);
      expect(driver.arrows('[data-kind=frame][data-from=server][data-opcode="1"]')).to.have.length(1);
      expect(driver.arrows('[data-kind=frame][data-from=client][data-opcode="8"]')).to.have.length(1);
      expect(driver.arrows('[data-kind=frame][data-from=server][data-opcode="8"]')).to.have.length(1);
      expect(driver.arrows('[data-kind=phase]').map((phase) => phase.getAttribute('data-phase'))).to.deep.equal([
        'handshake',
        'data',
        'closing',
      ]);
      const svg = shadow(driver.demo.querySelector('wsp-sequence-diagram')).querySelector('svg')!;
      expect(svg.getAttribute('role')).to.equal('img');
      expect(svg.getAttribute('aria-label')).to.match(/client to server: GET \/echo/);
    });

    it('shows the captured key, and an Accept that the calculator and computeAccept agree on', async () => {
      const driver = await renderLesson();
      driver.button(driver.demo, 'connect').click();
      await waitUntil(() => driver.demo.querySelector('#response'), 'the answer is shown', WAIT);
      const request = driver.headers(driver.demo.querySelector('#request'));
      const response = driver.headers(driver.demo.querySelector('#response'));
      const key = request.find(([name]) => name === 'Sec-WebSocket-Key')?.[1] ?? '';
      const accept = response.find(([name]) => name === 'Sec-WebSocket-Accept')?.[1];
      expect(key).to.match(/^[A-Za-z0-9+/]{22}==$/);
      expect(accept).to.equal(await computeAccept(key));

      await waitUntil(() => /matches/.test(text(driver.calculator.querySelector('#verdict'))), 'the check', WAIT);
      expect(driver.calculator.querySelector<HTMLInputElement>('#key')!.value).to.equal(key);
      expect(text(driver.calculator.querySelector('#accept'))).to.equal(accept);
      expect(text(driver.calculator.querySelector('#verdict'))).to.contain(`Sec-WebSocket-Accept: ${accept}`);
      expect(text(driver.calculator.querySelector('#step-digest'))).to.match(/^([0-9a-f]{2} ){19}[0-9a-f]{2}$/);
      expect(request.map(([name]) => name)).to.include.members(['Host', 'Upgrade', 'Connection', 'Origin']);
      expect(request.find(([name]) => name === 'Sec-WebSocket-Version')?.[1]).to.equal('13');
      expect(request.find(([name]) => name === 'Sec-WebSocket-Extensions')?.[1]).to.contain('permessage-deflate');
      expect(response.map(([name]) => name.toLowerCase())).not.to.include('sec-websocket-extensions');
    });

    if (mode === ConnectionMode.live) {
      it('shows the User-Agent and Origin this test page really sent', async () => {
        const driver = await renderLesson();
        driver.button(driver.demo, 'connect').click();
        await waitUntil(() => driver.demo.querySelector('#request'), 'the request is shown', WAIT);
        const request = driver.headers(driver.demo.querySelector('#request'));
        expect(request.find(([name]) => name === 'User-Agent')?.[1]).to.equal(navigator.userAgent);
        expect(request.find(([name]) => name === 'Origin')?.[1]).to.equal(window.location.origin);
        expect(text(shadow(driver.demo.querySelector('#request')).querySelector('caption'))).to.match(
          /GET \/echo\?trace=[0-9a-f]{32} HTTP\/1\.1/,
        );
      });
    }

    it('shows Host, and the Pragma and Cache-Control no-cache Chromium sends on a WebSocket handshake', async () => {
      const driver = await renderLesson();
      driver.button(driver.demo, 'connect').click();
      await waitUntil(() => driver.demo.querySelector('#request'), 'the request is shown', WAIT);
      const request = driver.headers(driver.demo.querySelector('#request'));
      const value = (name: string): string | undefined => request.find(([header]) => header === name)?.[1];
      // In Live mode these are the headers the live server received from this Chromium.
      expect(value('Host')).to.equal(new URL(await serverUrl('live-server-url')).host);
      expect(value('Pragma')).to.equal('no-cache');
      expect(value('Cache-Control')).to.equal('no-cache');

      const table = shadow(driver.demo.querySelector('#request'));
      const explain = async (header: string): Promise<string> => {
        const button = table.querySelector<HTMLButtonElement>(`tr[data-header=${header}] button`)!;
        button.click();
        await driver.demo.querySelector<WspHandshakeHeaders>('#request')!.updateComplete;
        return text(table.querySelector(`#${button.getAttribute('aria-controls')}`));
      };
      for (const header of ['pragma', 'cache-control']) {
        const note = await explain(header);
        expect(note, header).to.contain('no-store');
        expect(note, header).to.contain('every WebSocket handshake');
      }
    });

    it('explains a header when its button is pressed, and hides it when pressed again', async () => {
      const driver = await renderLesson();
      driver.button(driver.demo, 'connect').click();
      await waitUntil(() => driver.demo.querySelector('#request'), 'the request is shown', WAIT);
      const table = shadow(driver.demo.querySelector('#request'));
      const row = table.querySelector('tr[data-header=sec-websocket-key]')!;
      const button = row.querySelector('button')!;
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      button.click();
      await driver.demo.querySelector<WspHandshakeHeaders>('#request')!.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      const note = table.querySelector(`#${button.getAttribute('aria-controls')}`)!;
      expect(note.hasAttribute('hidden')).to.equal(false);
      expect(text(note)).to.contain('no security measure');
      expect(text(note)).to.contain('§4.2.2');

      const userAgent = table.querySelector('tr[data-header=user-agent] button') as HTMLButtonElement;
      userAgent.click();
      await driver.demo.querySelector<WspHandshakeHeaders>('#request')!.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(text(table.querySelector(`#${userAgent.getAttribute('aria-controls')}`))).to.contain('ordinary HTTP');
      userAgent.click();
      await driver.demo.querySelector<WspHandshakeHeaders>('#request')!.updateComplete;
      expect(table.querySelectorAll('tr.note:not([hidden])')).to.have.length(0);
    });

    it('picks v2.echo.playground when both are offered, and none for the made-up name alone', async () => {
      const driver = await renderLesson();
      driver.offer('v1.echo.playground', true);
      driver.offer('v2.echo.playground', true);
      driver.offer('superchat', false);
      const both = await driver.negotiate();
      expect(text(driver.subprotocols.querySelector('#offered'))).to.equal('v1.echo.playground, v2.echo.playground');
      expect(both.chosen).to.equal('v2.echo.playground');
      expect(both.protocol).to.equal('"v2.echo.playground"');
      expect(both.outcome).to.match(/^Opened/);

      driver.offer('v1.echo.playground', false);
      driver.offer('v2.echo.playground', false);
      driver.offer('superchat', true);
      const madeUp = await driver.negotiate();
      expect(text(driver.subprotocols.querySelector('#offered'))).to.equal('superchat');
      expect(madeUp.chosen).to.match(/^\(absent/);
      // The browser fails this connection on both wires (WHATWG WebSockets).
      expect(madeUp.protocol).to.equal('(the connection never opened)');
      expect(madeUp.outcome).to.match(/^Failed\. The server answered 101 but chose none/);
      expect(madeUp.outcome).to.contain('close code 1006');
      // The rule is the WebSockets Standard's (§2.2), no longer the Fetch standard's.
      expect(madeUp.outcome).to.contain('WebSockets Standard requires this');
      expect(madeUp.outcome).to.not.contain('Fetch');

      driver.offer('superchat', false);
      const none = await driver.negotiate();
      expect(text(driver.subprotocols.querySelector('#offered'))).to.equal('(not sent: nothing offered)');
      expect(none.protocol).to.equal('""');
      expect(none.outcome).to.match(/^Opened/);
    });
  });
}

describe('the handshake lesson on the two openings', () => {
  const figure = (lesson: WspLessonHandshake, id: string): string =>
    shadow(lesson).querySelector(`#${id} pre`)?.textContent ?? '';

  it('says the course’s server speaks HTTP/1.1, and shows the HTTP/2 opening beside it', async () => {
    const { lesson } = await renderLesson();
    const http1 = figure(lesson, 'opening-http1').split('\n');
    const http2 = figure(lesson, 'opening-http2').split('\n');
    expect(http1[0]).to.equal('GET /chat HTTP/1.1');
    expect(http1).to.include.members([
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'HTTP/1.1 101 Switching Protocols',
      // RFC 6455 §1.3's worked example: the Accept belongs to the key above.
      'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    ]);
    expect(http2).to.include.members([
      ':method = CONNECT',
      ':protocol = websocket',
      ':scheme = https',
      ':path = /chat',
      ':authority = server.example.com',
      'sec-websocket-version = 13',
      ':status = 200',
    ]);
    // RFC 8441 §5: no Upgrade, Connection, key or Accept, and no 101.
    expect(http2.filter((line) => /upgrade|connection|sec-websocket-(key|accept)|101/i.test(line))).to.deep.equal([]);

    const prose = text(shadow(lesson));
    expect(prose).to.contain('ws does not implement RFC 8441');
    expect(prose).to.contain('a client may not send one (§3)');
    expect(prose).to.contain('RFC 9220 §3');
    expect(prose).to.not.match(/opens with one HTTP\/1\.1 GET/);
    expect(prose).to.not.contain('Fetch standard requires');
    expect(prose).to.not.contain('Fetch standard, which browsers follow');

    // The key points lesson links to this section by its id.
    expect(lesson.showSection('over-http-2-and-http-3-a-connect-not-a-get')).to.equal(true);
  });

  it('names Host and Sec-WebSocket-Extensions among the WebSocket headers, and no-cache as the handshake’s own', async () => {
    const { lesson } = await renderLesson();
    const reading = [...shadow(lesson).querySelectorAll('h2')].find((h2) => text(h2) === 'Reading the request');
    const paragraph = text(reading?.nextElementSibling);
    for (const header of ['Host', 'Upgrade: websocket', 'Sec-WebSocket-Key', 'Sec-WebSocket-Extensions', 'Origin']) {
      expect(paragraph, header).to.contain(header);
    }
    expect(paragraph).to.contain('because this is a WebSocket handshake');
    expect(paragraph).to.not.contain('what a browser sends with any request');
  });

  it('asks which opening the developer tools showed, with one right answer', async () => {
    const { lesson } = await renderLesson();
    const checks = [...shadow(lesson).querySelectorAll('wsp-self-check')];
    const http2 = checks.find((check) => check.question.includes(':protocol websocket'));
    expect(http2?.options.filter((option) => option.correct).map((option) => option.text)).to.deep.equal([
      'The browser opened the WebSocket as a stream of its HTTP/2 connection, and 200 is the server’s yes.',
    ]);
  });

  it('shows the two openings side by side on a wide screen and one above the other on a phone, never wider', async () => {
    const { lesson } = await renderLesson();
    const place = async (width: number): Promise<{ sideBySide: boolean; overflow: boolean }> => {
      lesson.style.width = `${width}px`;
      await lesson.updateComplete;
      const [first, second] = [...shadow(lesson).querySelectorAll<HTMLElement>('.openings figure')];
      const pres = [...shadow(lesson).querySelectorAll<HTMLElement>('.openings pre')];
      return {
        sideBySide: first!.getBoundingClientRect().top === second!.getBoundingClientRect().top,
        overflow: pres.some((pre) => pre.scrollWidth > pre.clientWidth),
      };
    };
    expect(await place(1000)).to.deep.equal({ sideBySide: true, overflow: false });
    expect(await place(340)).to.deep.equal({ sideBySide: false, overflow: false });
  });
});

describe('the Accept calculator of the handshake lesson', () => {
  it('reproduces the worked example of RFC 6455 §1.3', async () => {
    const driver = await renderLesson();
    const input = driver.calculator.querySelector<HTMLInputElement>('#key')!;
    input.value = 'something else';
    input.dispatchEvent(new Event('input'));
    await waitUntil(() => /No answer/.test(text(driver.calculator.querySelector('#verdict'))), 'the typed key', WAIT);
    driver.button(driver.calculator, 'rfc-example').click();
    await waitUntil(() => /matches/.test(text(driver.calculator.querySelector('#verdict'))), 'the check', WAIT);
    expect(text(driver.calculator.querySelector('#accept'))).to.equal('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(text(driver.calculator.querySelector('#step-digest'))).to.equal(
      'b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea',
    );
    expect(text(driver.calculator.querySelector('#verdict'))).to.contain('RFC 6455 §1.3 gives');
  });

  it('computes the Accept of any key typed, and says when a server would refuse the key', async () => {
    const driver = await renderLesson();
    const input = driver.calculator.querySelector<HTMLInputElement>('#key')!;
    input.value = 'not a <b>key</b>';
    input.dispatchEvent(new Event('input'));
    const expected = await computeAccept('not a <b>key</b>');
    await waitUntil(() => text(driver.calculator.querySelector('#accept')) === expected, 'the typed key', WAIT);
    expect(text(driver.calculator.querySelector('#step-key'))).to.equal('not a <b>key</b>');
    expect(driver.calculator.querySelector('#step-key b')).to.equal(null);
    expect(text(driver.calculator)).to.contain('a server refuses it with 400');
    expect(text(driver.calculator.querySelector('#verdict'))).to.contain('No answer to compare with');
  });
});

/** What the break-it demo showed for one send: the raw text as lines, and the verdict. */
interface BreakItShown {
  request: string[];
  response: string[];
  status: string | null;
  verdict: string;
  opens: string | null;
  console: string;
}

/** Sets the break-it switches to exactly `breakages`, presses Send it, and reads what came back. */
async function sendBroken(driver: LessonDriver, ...breakages: string[]): Promise<BreakItShown> {
  for (const box of driver.breakIt.querySelectorAll<HTMLInputElement>('fieldset input[type=checkbox]')) {
    if (box.checked !== breakages.includes(box.value)) box.click();
  }
  await shadow(driver.lesson).querySelector('wsp-handshake-break-it')!.updateComplete;
  expect(driver.breakIt.querySelector('#verdict'), 'a switch clears the last answer').to.equal(null);
  driver.button(driver.breakIt, 'send').click();
  await waitUntil(
    () => driver.breakIt.querySelector('#verdict') ?? driver.breakIt.querySelector('#problem'),
    'the answer',
    WAIT,
  );
  const root = driver.breakIt;
  expect(text(root.querySelector('#problem'))).to.equal('');
  const lines = (id: string): string[] => (root.querySelector(`#${id}`)?.textContent ?? '').split('\n');
  return {
    request: lines('request-text'),
    response: lines('response-text'),
    status: root.querySelector('#answer')?.getAttribute('data-status') ?? null,
    verdict: text(root.querySelector('#verdict')),
    opens: root.querySelector('#verdict')?.getAttribute('data-opens') ?? null,
    console: text(root.querySelector('#console')),
  };
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the break-it demo of the handshake lesson in ${mode} mode`, () => {
    useMode(mode);

    it('shows the switches, sends a sound handshake for real, and shows the 101 the browser opens', async () => {
      const driver = await renderLesson();
      const boxes = [...driver.breakIt.querySelectorAll<HTMLInputElement>('fieldset input[type=checkbox]')];
      expect(boxes.map((box) => box.value)).to.deep.equal(['wrong-guid', 'no-upgrade', 'version-8']);
      const shown = await sendBroken(driver);
      expect(shown.request[0]).to.equal('GET /echo HTTP/1.1');
      expect(shown.request).to.include.members([
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Version: 13',
        `Origin: ${window.location.origin}`,
        `User-Agent: ${navigator.userAgent}`,
      ]);
      expect(shown.response[0]).to.equal('HTTP/1.1 101 Switching Protocols');
      const key = shown.request.find((line) => line.startsWith('Sec-WebSocket-Key: '))!.slice(19);
      expect(shown.response).to.include(`Sec-WebSocket-Accept: ${await computeAccept(key)}`);
      expect(shown.status).to.equal('101');
      expect(shown.opens).to.equal('true');
      expect(shown.verdict).to.contain('the connection opens');
      const answeredBy = text(driver.breakIt.querySelector('#answer .hint'));
      expect(answeredBy).to.contain(
        mode === ConnectionMode.live ? 'this server’s own upgrade code' : 'simulated server',
      );
    });

    it('sends a request without Upgrade: no upgrade at all, so the HTTP side answers 426', async () => {
      const driver = await renderLesson();
      const shown = await sendBroken(driver, 'no-upgrade');
      expect(shown.request.some((line) => line.startsWith('Upgrade:'))).to.equal(false);
      expect(shown.response[0]).to.equal('HTTP/1.1 426 Upgrade Required');
      expect(shown.response).to.include('Sec-WebSocket-Version: 13');
      expect(shown.response.some((line) => /^Date: /.test(line))).to.equal(true);
      expect(shown.response.at(-2)).to.match(/^\/echo is a WebSocket endpoint .*Plain HTTP gets nothing here/);
      expect(shown.opens).to.equal('false');
      expect(shown.verdict).to.contain('1006');
      expect(shown.console).to.contain('Error during WebSocket handshake: Unexpected response code: 426');
      expect(shown.verdict).to.contain("the WHATWG WebSockets Standard's rule, §2.2");
    });

    it('sends Sec-WebSocket-Version: 8 and shows the upgrade code’s 426 naming version 13', async () => {
      const driver = await renderLesson();
      const shown = await sendBroken(driver, 'version-8');
      expect(shown.request).to.include('Sec-WebSocket-Version: 8');
      expect(shown.response[0]).to.equal('HTTP/1.1 426 Upgrade Required');
      expect(shown.response).to.include.members(['Sec-WebSocket-Version: 13', 'Connection: close']);
      expect(shown.response.at(-2)).to.equal('Sec-WebSocket-Version 8 is not supported; this server speaks 13.');
      expect(shown.console).to.contain('Unexpected response code: 426');
    });

    it('gets a 101 whose Accept was built with the wrong GUID, and shows the browser failing it', async () => {
      const driver = await renderLesson();
      const shown = await sendBroken(driver, 'wrong-guid');
      const key = shown.request.find((line) => line.startsWith('Sec-WebSocket-Key: '))!.slice(19);
      const expected = await computeAccept(key);
      const wrong = await acceptWithGuid(key, WRONG_GUID);
      expect(shown.response[0]).to.equal('HTTP/1.1 101 Switching Protocols');
      expect(shown.response).to.include(`Sec-WebSocket-Accept: ${wrong}`);
      expect(shown.opens).to.equal('false');
      expect(shown.verdict).to.contain(`It expected ${expected}`);
      expect(shown.verdict).to.contain(`got ${wrong} (the key + ${WRONG_GUID})`);
      expect(shown.verdict).to.contain('1006');
      expect(shown.console).to.contain("Incorrect 'Sec-WebSocket-Accept' header value");
    });

    it('keeps the keyboard reader on a control while Send it is disabled', async () => {
      const driver = await renderLesson();
      const send = driver.button(driver.breakIt, 'send');
      send.focus();
      send.click();
      await waitUntil(() => driver.breakIt.querySelector('#verdict'), 'the answer', WAIT);
      expect(driver.breakIt.activeElement?.tagName ?? 'none').to.not.equal('none');
    });
  });
}

describe('the break-it demo of the handshake lesson with no live server to send to', () => {
  afterEach(async () => connectionSettings.setServerUrl(await serverUrl('live-server-url')));

  async function failure(url: string): Promise<string> {
    connectionSettings.setServerUrl(url);
    connectionSettings.setMode(ConnectionMode.live);
    const driver = await renderLesson();
    driver.button(driver.breakIt, 'send').click();
    await waitUntil(() => driver.breakIt.querySelector('#problem'), 'the problem', WAIT);
    return text(driver.breakIt.querySelector('#problem'));
  }

  it('says no live server answered, and the ways on', async () => {
    const message = await failure('ws://127.0.0.1:9');
    expect(message).to.contain('No live server answered at http://127.0.0.1:9/break-it.');
    expect(message).to.contain('npm start');
    expect(message).to.contain('switch to Simulated');
  });

  it('says the server is running but refused this page when its allowlist leaves the page out', async () => {
    const message = await failure(await serverUrl('strict-server-url'));
    expect(message).to.contain('is running but refused this page');
    expect(message).to.contain(`this page is ${window.location.origin}`);
  });
});

describe('the plain GET of the break-it demo in live mode', () => {
  useMode(ConnectionMode.live);

  it('GETs /echo over plain HTTP and shows the real 426 with the version the server speaks', async () => {
    const driver = await renderLesson();
    driver.button(driver.breakIt, 'plain-get').click();
    await waitUntil(() => text(driver.breakIt.querySelector('#plain-result')) !== '', 'the result', WAIT);
    const result = text(driver.breakIt.querySelector('#plain-result'));
    expect(result).to.contain('426 Upgrade Required');
    expect(result).to.contain('Sec-WebSocket-Version: 13');
    // Cross-origin (the test page is on another port), readable because the server allows it.
    expect(result).to.contain('got 426 Upgrade Required');
  });
});
