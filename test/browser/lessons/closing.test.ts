import { expect, html, waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../../src/lessons/closing/wsp-lesson-closing.ts';
import type { WspLessonClosing } from '../../../src/lessons/closing/wsp-lesson-closing.ts';
import type { WspFrameBytes } from '../../../src/components/wsp-frame-bytes.ts';
import type { WspSelfCheck } from '../../../src/components/wsp-self-check.ts';
import { toHex } from '../../../src/protocol/index.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { lessonFixture, failOnConsoleErrors, shadow, text, useMode, WAIT } from '../helpers/lesson-helpers.ts';

const CODE_MESSAGE = (code: number): string =>
  `Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`;
const REASON_MESSAGE =
  "Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.";

const hex = (text: string): string =>
  new TextEncoder().encode(text).reduce((out, byte) => out + byte.toString(16).padStart(2, '0'), '');

/** One close frame as the demo shows it: the bytes in its grid and the fields of its payload table. */
interface ShownFrame {
  readonly from: string;
  readonly bytes: string;
  /** The payload, unmasked, from the frame's own bytes. */
  readonly payload: string;
  readonly code: string;
  readonly reason: string;
}

function unmaskedPayload(bytes: Uint8Array): Uint8Array {
  const masked = (bytes[1]! & 0x80) !== 0;
  const length = bytes[1]! & 0x7f;
  const start = 2 + (masked ? 4 : 0);
  const payload = bytes.slice(start, start + length);
  if (masked) payload.forEach((byte, index) => (payload[index] = byte ^ bytes[2 + (index % 4)]!));
  return payload;
}

/** Drives one demo of the lesson the way a reader does: through its buttons and fields. */
class DemoDriver {
  constructor(readonly root: ShadowRoot) {}

  button(selector: string): HTMLButtonElement {
    const button = this.root.querySelector<HTMLButtonElement>(selector);
    if (!button) throw new Error(`no button ${selector}`);
    return button;
  }

  async click(selector: string): Promise<void> {
    const button = this.button(selector);
    await waitUntil(() => !button.disabled, `${selector} is enabled`, WAIT);
    button.click();
  }

  async type(selector: string, value: string): Promise<void> {
    const input = this.root.querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await (this.root.host as LitElement).updateComplete;
  }

  get result(): string {
    return text(this.root.querySelector('#result'));
  }

  field(id: string): string {
    return text(this.root.querySelector(`#${id}`));
  }

  async closed(): Promise<{ code: string; reason: string; clean: string; result: string }> {
    await waitUntil(() => this.root.querySelector('#close-code'), 'the close event', WAIT);
    return {
      code: this.field('close-code'),
      reason: this.field('close-reason'),
      clean: this.field('close-clean'),
      result: this.result,
    };
  }

  arrows(selector = ''): Element[] {
    const diagram = shadow(this.root.querySelector('wsp-sequence-diagram'));
    return [...diagram.querySelectorAll(`g.step${selector}`)];
  }

  /** The close frames shown, once `count` of them are in. */
  async frames(count: number): Promise<ShownFrame[]> {
    const list = () => shadow(this.root.querySelector('wsp-close-frames'));
    await waitUntil(() => list().querySelectorAll('section').length === count, `${count} close frames`, WAIT);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return [...list().querySelectorAll('section')].map((section) => {
      const bytes = section.querySelector<WspFrameBytes>('wsp-frame-bytes')!.bytes!;
      const table = shadow(section.querySelector('wsp-close-payload'));
      return {
        from: section.getAttribute('data-from') ?? '',
        bytes: toHex(bytes),
        payload: toHex(unmaskedPayload(bytes)),
        code: text(table.querySelector('tr[data-field=code] td:last-child')),
        reason: text(table.querySelector('tr[data-field=reason] td:last-child')),
      };
    });
  }

  log(): string {
    return text(shadow(this.root.querySelector('wsp-event-log')));
  }
}

async function renderLesson(): Promise<WspLessonClosing> {
  return lessonFixture<WspLessonClosing>(html`<wsp-lesson-closing></wsp-lesson-closing>`);
}

function demo(lesson: WspLessonClosing, tag: string): DemoDriver {
  return new DemoDriver(shadow(shadow(lesson).querySelector(tag)));
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the closing lesson in ${mode} mode`, () => {
    useMode(mode);
    failOnConsoleErrors();

    it('closes from the page with 4000 and a reason: both close frames, their bytes and a clean close event', async () => {
      const client = demo(await renderLesson(), 'wsp-close-client-demo');
      await client.click('#connect');
      await client.type('#code', '4000');
      await client.type('#reason', 'done reading');
      expect(client.field('reason-bytes')).to.equal('12 of 123 bytes of UTF-8');
      expect(text(client.button('#close'))).to.equal('2. Call ws.close(4000, "done reading")');
      await client.click('#close');
      const closed = await client.closed();
      expect(closed.code).to.equal('4000 (Private use)');
      expect(closed.reason).to.equal('"done reading"');
      expect(closed.clean).to.match(/^true/);

      const [first, answer] = await client.frames(2);
      const payload = `0fa0${hex('done reading')}`;
      expect(first!.from).to.equal('client');
      // FIN + opcode 8, then the MASK bit and a 14-byte length, a 4-byte key and the masked payload.
      expect(first!.bytes.slice(0, 4)).to.equal('888e');
      expect(first!.bytes).to.have.length(2 * (2 + 4 + 14));
      expect(first!.payload).to.equal(payload);
      expect(answer!.from).to.equal('server');
      expect(answer!.bytes).to.equal(`880e${payload}`);
      expect(first!.code).to.contain('4000, Private use');
      expect(first!.code).to.contain('15 × 256 + 160');
      expect(answer!.reason).to.equal('“done reading”');

      expect(client.arrows('[data-kind=frame][data-from=client][data-opcode="8"]')).to.have.length(1);
      expect(client.arrows('[data-kind=frame][data-from=server][data-opcode="8"]')).to.have.length(1);
      await waitUntil(() => client.arrows('[data-kind=closed]').length > 0, 'the end of the connection', WAIT);
      expect(text(client.arrows('[data-kind=closed]')[0])).to.contain('code 4000');
    });

    it('shows the exceptions close() throws, then closes with no arguments and reports 1005', async () => {
      const client = demo(await renderLesson(), 'wsp-close-client-demo');
      await client.click('#connect');

      await client.click('[data-preset=going-away]');
      expect(client.field('forecast')).to.contain('throws InvalidAccessError');
      await client.click('#close');
      await waitUntil(() => client.root.querySelector('#thrown-name'), 'the exception', WAIT);
      expect(client.field('thrown-name')).to.equal('InvalidAccessError');
      expect(client.field('thrown-message')).to.equal(CODE_MESSAGE(1001));

      await client.click('[data-preset=long]');
      expect(client.field('reason-bytes')).to.equal('124 of 123 bytes of UTF-8');
      expect(client.field('forecast')).to.contain('throws SyntaxError');
      await client.click('#close');
      await waitUntil(() => client.field('thrown-name') === 'SyntaxError', 'the SyntaxError', WAIT);
      expect(client.field('thrown-message')).to.equal(REASON_MESSAGE);

      // A reason with no code: Chromium reads the missing code as 0.
      await client.type('#code', '');
      await client.type('#reason', 'bye');
      await client.click('#close');
      await waitUntil(() => client.field('thrown-message') === CODE_MESSAGE(0), 'the code-0 refusal', WAIT);
      expect(text(client.root.querySelector('.status'))).to.contain('open');

      await client.click('[data-preset=none]');
      expect(text(client.button('#close'))).to.equal('2. Call ws.close()');
      await client.click('#close');
      const closed = await client.closed();
      expect(closed.code).to.equal('1005 (No Status Received)');
      expect(closed.reason).to.equal('"" (empty)');
      expect(closed.clean).to.match(/^true/);
      const [first, answer] = await client.frames(2);
      expect(first!.bytes).to.match(/^8880[0-9a-f]{8}$/);
      expect(answer!.bytes).to.equal('8800');
    });

    it('lets the server close with 1001 and a reason, which the page answers on its own', async () => {
      const server = demo(await renderLesson(), 'wsp-close-server-demo');
      await server.type('#code', '1001');
      await server.type('#reason', 'server restarting');
      await server.type('#after', '0');
      expect(text(server.button('#connect'))).to.equal('Connect to /close?code=1001&reason=server+restarting&after=0');
      await server.click('#connect');
      const closed = await server.closed();
      expect(closed.code).to.equal('1001 (Going Away)');
      expect(closed.reason).to.equal('"server restarting"');
      expect(closed.clean).to.match(/^true/);
      const [first, answer] = await server.frames(2);
      const payload = `03e9${hex('server restarting')}`;
      expect(first!.from).to.equal('server');
      expect(first!.bytes).to.equal(`8813${payload}`);
      expect(answer!.from).to.equal('client');
      expect(answer!.payload).to.equal(payload);
    });

    it('lets the server send an empty close frame, which the page reports as 1005', async () => {
      const server = demo(await renderLesson(), 'wsp-close-server-demo');
      server.root.querySelector<HTMLInputElement>('input[value=empty]')!.click();
      await server.type('#after', '0');
      await server.click('#connect');
      const closed = await server.closed();
      expect(closed.code).to.equal('1005 (No Status Received)');
      expect(closed.clean).to.match(/^true/);
      const [first] = await server.frames(2);
      expect(first!.bytes).to.equal('8800');
    });

    it('explains that no one may send 1006: the server refuses the handshake', async () => {
      const server = demo(await renderLesson(), 'wsp-close-server-demo');
      await server.type('#code', '1006');
      expect(server.field('code-note')).to.contain('no one may send it');
      await server.click('#connect');
      const closed = await server.closed();
      expect(closed.code).to.equal('1006 (Abnormal Closure)');
      expect(closed.clean).to.match(/^false/);
      expect(closed.result).to.match(/^An error event, then the close event/);
      await waitUntil(() => /cannot be sent/.test(server.log()), 'the server’s reason', WAIT);
    });

    it('shows an abrupt drop by the server as 1006, wasClean false, with no close frame', async () => {
      const drop = demo(await renderLesson(), 'wsp-close-drop-demo');
      await drop.click('#abrupt');
      await waitUntil(() => /open event/.test(drop.log()), 'the connection opens', WAIT);
      const closed = await drop.closed();
      expect(closed.code).to.equal('1006 (Abnormal Closure)');
      expect(closed.reason).to.equal('"" (empty)');
      expect(closed.clean).to.match(/^false/);
      // A dropped connection is not a failed one: no error event.
      expect(closed.result).to.match(/^The close event/);
      await waitUntil(() => drop.arrows('[data-kind=closed]').length > 0, 'the server’s view of the end', WAIT);
      expect(drop.arrows('[data-kind=frame][data-opcode="8"]')).to.have.length(0);
      expect(text(drop.arrows('[data-kind=closed]')[0])).to.contain('code 1006');
    });

    if (mode === ConnectionMode.simulated) {
      it('breaks the simulated network under an open connection: 1006, wasClean false', async () => {
        const drop = demo(await renderLesson(), 'wsp-close-drop-demo');
        await drop.click('#echo');
        await drop.click('#drop');
        const closed = await drop.closed();
        expect(closed.code).to.equal('1006 (Abnormal Closure)');
        expect(closed.clean).to.match(/^false/);
        expect(closed.result).to.match(/^The close event/);
        expect(drop.arrows('[data-kind=frame][data-opcode="8"]')).to.have.length(0);
      });
    } else {
      it('offers the network break in Simulated mode only', async () => {
        const drop = demo(await renderLesson(), 'wsp-close-drop-demo');
        expect(drop.button('#echo').disabled).to.equal(true);
        expect(drop.button('#drop').disabled).to.equal(true);
        expect(drop.field('drop-note')).to.contain('Simulated mode only');
      });
    }

    it('fails a connection closed while connecting: error, then 1006, and nothing on the wire', async () => {
      const connecting = demo(await renderLesson(), 'wsp-close-connecting-demo');
      await connecting.click('#run');
      const closed = await connecting.closed();
      expect(closed.code).to.equal('1006 (Abnormal Closure)');
      expect(closed.clean).to.match(/^false/);
      expect(closed.result).to.match(/^An error event, then the close event/);
      const log = connecting.log();
      expect(log).to.contain('readyState 0 (CONNECTING)');
      expect(log).to.contain('ws.close(): readyState 2 (CLOSING)');
      expect(log).to.contain('error event: readyState 3 (CLOSED)');
      // The live server's view would arrive on its side channel within this time.
      await new Promise((resolve) => setTimeout(resolve, 500));
      // No message ever crosses. Chromium usually aborts before its request goes out, as the simulated wire always
      // does; under load its network side may already hold the 101 and then ends with a closing handshake instead.
      if (mode === ConnectionMode.simulated) expect(connecting.arrows()).to.have.length(0);
      else expect(connecting.arrows('[data-kind=frame]:not([data-opcode="8"])')).to.have.length(0);
    });
  });
}

describe('the close code table of the closing lesson', () => {
  it('lists every code from src/protocol with who may send it', async () => {
    const lesson = await renderLesson();
    const table = shadow(shadow(lesson).querySelector('wsp-close-code-table'));
    const row = (code: string) => table.querySelector(`tr[data-code="${code}"]`);
    expect(table.querySelectorAll('tbody tr')).to.have.length(20);
    for (const code of ['1005', '1006']) {
      expect(text(row(code)?.querySelector('[data-column=sender]'))).to.equal(
        'No one: the browser reports it, it never travels',
      );
    }
    // WHATWG WebSockets §4: the page never learns that TLS failed.
    expect(text(row('1015')?.querySelector('[data-column=sender]'))).to.equal(
      'No one: a client outside the browser may report it; a browser reports 1006 instead',
    );
    expect(text(row('1015'))).to.contain('never reported by a browser: its page sees 1006');
    expect(text(row('1000')?.querySelector('[data-column=page]'))).to.equal('A page’s close() accepts it');
    expect(text(row('1001')?.querySelector('[data-column=page]'))).to.equal('A page’s close() throws');
    expect(text(row('1010')?.querySelector('[data-column=sender]'))).to.equal('The client only');
    expect(text(row('1012')?.querySelector('[data-column=sender]'))).to.equal('The server only');
    expect(text(row('3000–3999'))).to.contain('Registered with IANA');
    expect(text(row('4000–4999'))).to.contain('Private use');
    expect(text(table.querySelector('caption'))).to.contain('§7.4');
  });

  it('looks up any number the reader types', async () => {
    const lesson = await renderLesson();
    const driver = demo(lesson, 'wsp-close-code-table');
    await driver.type('#lookup', '4001');
    await waitUntil(() => /^4001/.test(driver.field('verdict')), 'the verdict', WAIT);
    expect(driver.field('verdict')).to.contain('may travel in a close frame, and a page may pass it to close()');
    expect(driver.root.querySelector('tr[data-match]')?.getAttribute('data-code')).to.equal('4000–4999');
    await driver.type('#lookup', '1006');
    await waitUntil(() => /^1006/.test(driver.field('verdict')), 'the verdict', WAIT);
    expect(driver.field('verdict')).to.contain('may never travel in a close frame');
    await driver.type('#lookup', '<b>x</b>');
    await waitUntil(() => /no close code/.test(driver.field('verdict')), 'the verdict', WAIT);
    expect(driver.root.querySelector('tr[data-match]')).to.equal(null);
  });

  it('ends with key points and four self-check questions', async () => {
    const lesson = await renderLesson();
    expect(shadow(lesson).querySelectorAll('wsp-key-points li')).to.have.length(4);
    expect(shadow(lesson).querySelectorAll('wsp-self-check')).to.have.length(4);
  });

  it('teaches that a browser reports a failed TLS handshake as 1006, never 1015', async () => {
    const lesson = await renderLesson();
    expect(text(shadow(lesson).querySelector('#no-1015'))).to.contain(
      'A browser reports 1005 and 1006, but never 1015',
    );
    const keyPoints = [...shadow(lesson).querySelectorAll('wsp-key-points li')].map((item) => text(item));
    expect(keyPoints.some((point) => point.includes('never 1015'))).to.equal(true);
    const tls = [...shadow(lesson).querySelectorAll('wsp-self-check')].find((check) =>
      /certificate has expired/.test(check.getAttribute('question') ?? ''),
    ) as WspSelfCheck | undefined;
    expect(tls, 'the TLS question').to.not.equal(undefined);
    const marked = tls!.options.filter((option) => option.correct).map((option) => option.text);
    expect(marked).to.deep.equal([
      'Code 1006, an empty reason, wasClean false, after an error event that says nothing more.',
    ]);
  });
});
