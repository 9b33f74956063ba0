import { expect, html, waitUntil } from '@open-wc/testing';
import '../../../src/lessons/frames/wsp-lesson-frames.ts';
import type { WspLessonFrames } from '../../../src/lessons/frames/wsp-lesson-frames.ts';
import type { WspFrameDemo } from '../../../src/lessons/frames/wsp-frame-demo.ts';
import type { WspFrameLab } from '../../../src/lessons/frames/wsp-frame-lab.ts';
import { connectionSettings } from '../../../src/controllers/connection-settings.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { serverUrl } from '../helpers/live-servers.ts';
import { lessonFixture, failOnConsoleErrors, shadow, text, useMode } from '../helpers/lesson-helpers.ts';

const WAIT = { timeout: 8000 };

function button(root: ShadowRoot, id: string): HTMLButtonElement {
  const found = root.querySelector<HTMLButtonElement>(`#${id}`);
  if (!found) throw new Error(`no button #${id}`);
  return found;
}

class LessonDriver {
  constructor(readonly lesson: WspLessonFrames) {}

  demo(id: string): WspFrameDemo {
    return shadow(this.lesson).querySelector<WspFrameDemo>(`#${id}`)!;
  }

  get labElement(): WspFrameLab {
    return shadow(this.lesson).querySelector<WspFrameLab>('#lab')!;
  }

  get lab(): ShadowRoot {
    return shadow(shadow(this.lesson).querySelector('#lab'));
  }

  async connect(id: string): Promise<ShadowRoot> {
    const root = shadow(this.demo(id));
    button(root, 'connect').click();
    await waitUntil(() => !button(shadow(this.demo(id)), 'send-text').disabled, 'the connection opens', WAIT);
    return shadow(this.demo(id));
  }

  /** The frame view's grid bytes and field values, for the frame the demo shows. */
  shownFrame(id: string): {
    root: ShadowRoot;
    hex: string[];
    field(name: string): string;
    meaning(name: string): string;
  } {
    const root = shadow(shadow(this.demo(id)).querySelector('wsp-frame-bytes'));
    return {
      root,
      hex: [...root.querySelectorAll('.grid td[data-part] .hex')].map((cell) => text(cell)),
      field: (name) => text(root.querySelector(`tr[data-field=${name}] .wire`)),
      meaning: (name) => text(root.querySelector(`tr[data-field=${name}] .meaning p`)),
    };
  }

  async labSend(presetId: string): Promise<ShadowRoot> {
    const lab = this.lab;
    button(lab, `preset-${presetId}`).click();
    await this.labElement.updateComplete;
    const before = text(lab.querySelector('#reaction'));
    button(lab, 'send').click();
    await waitUntil(
      () => {
        const now = text(this.lab.querySelector('#reaction'));
        return /What .* did|answered \d{3}|No live server/.test(now) && (now !== before || before === '');
      },
      `the server's reaction to ${presetId}`,
      WAIT,
    );
    return this.lab;
  }
}

async function renderLesson(): Promise<LessonDriver> {
  return new LessonDriver(await lessonFixture<WspLessonFrames>(html`<wsp-lesson-frames></wsp-lesson-frames>`));
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the frames lesson in ${mode} mode`, () => {
    useMode(mode);
    failOnConsoleErrors();

    it('shows the masked "Hello" of RFC 6455 §5.7 before any connection', async () => {
      const driver = await renderLesson();
      const example = shadow(shadow(driver.lesson).querySelector('#rfc-example'));
      expect([...example.querySelectorAll('.grid .hex')].map((cell) => text(cell))).to.deep.equal(
        '81 85 37 fa 21 3d 7f 9f 4d 51 58'.split(' '),
      );
      expect(text(example.querySelector('tr[data-field=payload] .wire'))).to.equal('48 65 6c 6c 6f');
      expect(shadow(driver.lesson).querySelectorAll('wsp-self-check')).to.have.length(3);
      expect(shadow(driver.lesson).querySelector('wsp-key-points')).to.not.equal(null);
    });

    it('shows the frame the browser sent with its masking key, and the unmasked text', async () => {
      const driver = await renderLesson();
      const root = await driver.connect('echo-demo');
      root.querySelector<HTMLInputElement>('#message')!.value = 'Hello';
      button(root, 'send-text').click();
      await waitUntil(
        () =>
          shadow(driver.demo('echo-demo')).querySelectorAll('#frames tr[data-from=server][data-opcode="1"]').length ===
          1,
        'the echo frame',
        WAIT,
      );
      const shown = driver.shownFrame('echo-demo');
      expect(shown.hex.slice(0, 2)).to.deep.equal(['81', '85']);
      const key = shown.hex.slice(2, 6);
      expect(shown.field('masking-key')).to.equal(key.join(' '));
      expect(shown.field('payload')).to.equal('48 65 6c 6c 6f');
      const masked = shown.hex.slice(6).map((byte) => parseInt(byte, 16));
      expect(masked.map((byte, i) => String.fromCharCode(byte ^ parseInt(key[i % 4]!, 16))).join('')).to.equal('Hello');
      const masking = shadow(shadow(driver.demo('echo-demo')).querySelector('wsp-frame-masking'));
      expect([...masking.querySelectorAll('tr.key td')].map((cell) => text(cell))).to.deep.equal([...key, key[0]]);
      expect([...masking.querySelectorAll('tr.text td')].map((cell) => text(cell)).join('')).to.equal('Hello');

      // Picking the server's echo shows an unmasked frame, with no key. The live server's heartbeat ping may come
      // first under load, so the echo is the server's text frame.
      const echo = root.querySelector('#frames tbody tr[data-from=server][data-opcode="1"]')!;
      button(shadow(driver.demo('echo-demo')), `pick-${echo.getAttribute('data-number')}`).click();
      await waitUntil(
        () => driver.shownFrame('echo-demo').hex.join(' ') === '81 05 48 65 6c 6c 6f',
        'the echo in the frame view',
        WAIT,
      );
      expect(text(masking.querySelector('#unmasked'))).to.contain('not masked');
    });

    it('writes 125, 126 and 65,536 bytes in the 7, 16 and 64-bit length forms', async () => {
      const driver = await renderLesson();
      const root = await driver.connect('echo-demo');
      const headers: string[] = [];
      for (const size of [125, 126, 65_536]) {
        button(root, `send-${size}`).click();
        await waitUntil(
          () => {
            if (!shadow(driver.demo('echo-demo')).querySelector('wsp-frame-bytes')) return false;
            const shown = driver.shownFrame('echo-demo');
            return (
              text(shown.root.querySelector('tr[data-field=payload] .value')) === `${size.toLocaleString('en')} bytes`
            );
          },
          `the ${size}-byte frame`,
          WAIT,
        );
        const shown = driver.shownFrame('echo-demo');
        headers.push(shown.hex.slice(0, size === 125 ? 2 : size === 126 ? 4 : 10).join(' '));
        expect(shown.root.querySelectorAll('.grid td[data-part]').length).to.be.at.most(64);
      }
      expect(headers).to.deep.equal(['81 fd', '81 fe 00 7e', '81 ff 00 00 00 00 00 01 00 00']);
      const last = driver.shownFrame('echo-demo').root;
      expect(text(last.querySelector('#more'))).to.equal('… 65,486 more bytes, not shown.');
      await waitUntil(
        () => shadow(driver.demo('echo-demo')).querySelectorAll('#frames tr[data-from=server]').length === 3,
        'the three echoes',
        WAIT,
      );
      // The lesson's sizes of the big frames are the sizes in the list: the client's masked, the server's echo not.
      const sizes = (from: string): string[] =>
        [...shadow(driver.demo('echo-demo')).querySelectorAll(`#frames tr[data-from=${from}] td.num:last-child`)].map(
          (cell) => text(cell),
        );
      const lesson = shadow(driver.lesson);
      expect(text(lesson.querySelector('#big-client-frame'))).to.equal('65,550');
      expect(text(lesson.querySelector('#big-server-frame'))).to.equal('65,546');
      expect(sizes('client').at(-1)).to.equal(text(lesson.querySelector('#big-client-frame')));
      expect(sizes('server').at(-1)).to.equal(text(lesson.querySelector('#big-server-frame')));
    });

    it('shows a message coming back as three frames, and the page getting one message', async () => {
      const driver = await renderLesson();
      const root = await driver.connect('fragments-demo');
      root.querySelector<HTMLInputElement>('#message')!.value = 'Hello';
      button(root, 'send-text').click();
      const serverRows = (): Element[] => [
        ...shadow(driver.demo('fragments-demo')).querySelectorAll('#frames tr[data-from=server]'),
      ];
      await waitUntil(() => serverRows().length === 3, 'three server frames', WAIT);
      expect(serverRows().map((row) => row.getAttribute('data-opcode'))).to.deep.equal(['1', '0', '0']);
      expect(serverRows().map((row) => /FIN 0/.test(text(row)))).to.deep.equal([true, true, false]);
      const log = shadow(shadow(driver.demo('fragments-demo')).querySelector('wsp-event-log'));
      await waitUntil(() => /Received text "Hello"/.test(text(log)), 'one message event', WAIT);
      expect(text(log).match(/Received/g)).to.have.length(1);
      expect(driver.shownFrame('fragments-demo').field('fin')).to.equal('1');
      expect(driver.shownFrame('fragments-demo').field('opcode')).to.equal('0000');
    });

    it('reads "ab€" cut inside the "€" as valid UTF-8 that continues in the next frame (§5.6)', async () => {
      const driver = await renderLesson();
      const root = await driver.connect('fragments-demo');
      root.querySelector<HTMLInputElement>('#message')!.value = 'ab€';
      button(root, 'send-text').click();
      const serverRows = (): Element[] => [
        ...shadow(driver.demo('fragments-demo')).querySelectorAll('#frames tr[data-from=server]'),
      ];
      await waitUntil(() => serverRows().length === 3, 'three server frames', WAIT);
      const meanings: string[] = [];
      for (const row of serverRows()) {
        button(shadow(driver.demo('fragments-demo')), `pick-${row.getAttribute('data-number')}`).click();
        await driver.demo('fragments-demo').updateComplete;
        meanings.push(driver.shownFrame('fragments-demo').meaning('payload'));
      }
      expect(meanings[0]).to.equal('As UTF-8 text: "a"');
      expect(meanings[1]).to.match(
        /^As UTF-8 text: "b"\. The last byte begins a character\. That character continues in the next frame/,
      );
      expect(meanings[2]).to.equal('Both its bytes end a character an earlier frame began.');
      expect(meanings.join(' ')).to.not.contain('Not valid');
      const log = shadow(shadow(driver.demo('fragments-demo')).querySelector('wsp-event-log'));
      await waitUntil(() => /Received text "ab€"/.test(text(log)), 'the whole message', WAIT);
    });

    it('reads 59 "a" and an "é" in one frame as text, the "é" past the 60-byte preview', async () => {
      const driver = await renderLesson();
      const root = await driver.connect('echo-demo');
      root.querySelector<HTMLInputElement>('#message')!.value = `${'a'.repeat(59)}é`;
      button(root, 'send-text').click();
      await waitUntil(
        () =>
          shadow(driver.demo('echo-demo')).querySelectorAll('#frames tr[data-from=server][data-opcode="1"]').length ===
          1,
        'the echo',
        WAIT,
      );
      const quoted = `As UTF-8 text: "${'a'.repeat(59)}…"`;
      expect(driver.shownFrame('echo-demo').meaning('payload'), 'the browser’s masked frame').to.equal(quoted);
      const echo = shadow(driver.demo('echo-demo')).querySelector('#frames tr[data-from=server][data-opcode="1"]')!;
      button(shadow(driver.demo('echo-demo')), `pick-${echo.getAttribute('data-number')}`).click();
      await waitUntil(
        () =>
          driver.shownFrame('echo-demo').meaning('payload') === quoted &&
          driver.shownFrame('echo-demo').field('mask') === '0',
        'the server’s echo in the frame view',
        WAIT,
      );
    });

    it('refuses a frame count out of range with its range, and says why the field is locked while connected', async () => {
      const driver = await renderLesson();
      const demo = driver.demo('fragments-demo');
      const field = shadow(demo).querySelector<HTMLInputElement>('#parts')!;
      field.value = '20';
      field.dispatchEvent(new Event('change'));
      await demo.updateComplete;
      expect(field.value, 'the count stays as it was').to.equal('3');
      expect(text(shadow(demo).querySelector('#parts-problem'))).to.equal('20 is not a count from 1 to 8: still 3.');
      const root = await driver.connect('fragments-demo');
      const locked = root.querySelector<HTMLInputElement>('#parts')!;
      expect(locked.disabled).to.equal(true);
      expect(getComputedStyle(locked).cursor).to.equal('not-allowed');
      expect(getComputedStyle(locked).borderStyle, 'a disabled field looks disabled').to.equal('dashed');
      expect(text(root.querySelector('#parts-why'))).to.contain('Disconnect to change it');
      expect(root.querySelector('#parts-problem'), 'the old problem is gone').to.equal(null);
    });

    it('shows the server’s ping and the browser’s masked pong with the same payload', async () => {
      const driver = await renderLesson();
      const root = shadow(driver.demo('ping-demo'));
      const select = root.querySelector<HTMLSelectElement>('#every')!;
      select.value = '500';
      select.dispatchEvent(new Event('change'));
      await driver.demo('ping-demo').updateComplete;
      expect(text(shadow(driver.demo('ping-demo')).querySelector('.url'))).to.contain('/ping?every=500');
      await driver.connect('ping-demo');
      const rows = (opcode: number): Element[] => [
        ...shadow(driver.demo('ping-demo')).querySelectorAll(`#frames tr[data-opcode="${opcode}"]`),
      ];
      await waitUntil(() => rows(0x9).length >= 1 && rows(0xa).length >= 1, 'a ping and its pong', WAIT);
      const ping = rows(0x9)[0]!;
      const pong = rows(0xa)[0]!;
      expect(ping.getAttribute('data-from')).to.equal('server');
      expect(pong.getAttribute('data-from')).to.equal('client');
      const demo = shadow(driver.demo('ping-demo'));
      // The frame view is an element of its own: wait for it to show the picked frame (a server frame is unmasked).
      const shows = (mask: string) => () => {
        const shown = driver.shownFrame('ping-demo');
        return shown.field('mask') === mask && shown.field('payload') !== '';
      };
      button(demo, `pick-${ping.getAttribute('data-number')}`).click();
      await waitUntil(shows('0'), 'the ping in the frame view', WAIT);
      const pingPayload = driver.shownFrame('ping-demo').field('payload');
      button(demo, `pick-${pong.getAttribute('data-number')}`).click();
      await waitUntil(shows('1'), 'the masked pong in the frame view', WAIT);
      expect(driver.shownFrame('ping-demo').field('payload')).to.equal(pingPayload);
      expect(pingPayload).to.equal('31');
      button(demo, 'disconnect').click();
    });

    const broken: [string, number, string][] = [
      ['unmasked', 1002, 'WS_ERR_EXPECTED_MASK'],
      ['reserved-opcode', 1002, 'WS_ERR_INVALID_OPCODE'],
      ['long-ping', 1002, 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH'],
      ['bad-utf8', 1007, 'WS_ERR_INVALID_UTF8'],
      ['rsv1', 1002, 'WS_ERR_UNEXPECTED_RSV_1'],
    ];
    it('gets close code 1002 or 1007 from the server for each broken frame of the lab', async () => {
      const driver = await renderLesson();
      for (const [preset, code, wsCode] of broken) {
        const lab = await driver.labSend(preset);
        expect(text(lab.querySelector('#close-code')), preset).to.equal(String(code));
        expect(text(lab.querySelector('#tcp')), preset).to.equal('Then it closed the TCP connection.');
        const error = text(lab.querySelector('#server-error'));
        if (mode === ConnectionMode.live) expect(error, preset).to.contain(wsCode);
        else expect(error, preset).to.match(/FRAME_ERR_/);
      }
    });

    it('gets the masked "Hello" echoed by the lab’s server, and a pong for a ping', async () => {
      const driver = await renderLesson();
      const hello = await driver.labSend('hello');
      expect(text(hello.querySelector('#answered'))).to.contain('text (1 frame');
      const answer = shadow(hello.querySelector('.answer wsp-frame-bytes'));
      expect([...answer.querySelectorAll('.grid .hex')].map((cell) => text(cell)).join(' ')).to.equal(
        '81 05 48 65 6c 6c 6f',
      );
      expect(text(hello.querySelector('#reaction h3'))).to.contain(
        mode === ConnectionMode.live ? 'ws 8.' : 'simulated',
      );
      const ping = await driver.labSend('ping');
      expect(text(ping.querySelector('#answered'))).to.contain('pong');
    });

    it('shows where the two servers disagree: a 16-bit length for 5 bytes', async () => {
      const driver = await renderLesson();
      const lab = await driver.labSend('non-minimal');
      if (mode === ConnectionMode.live) {
        expect(text(lab.querySelector('#answered'))).to.contain('text');
        expect(lab.querySelector('#close-code')).to.equal(null);
      } else {
        expect(text(lab.querySelector('#close-code'))).to.equal('1002');
      }
    });

    it('decodes pasted hex, and says so clearly when it is not hex', async () => {
      const driver = await renderLesson();
      const lab = driver.lab;
      lab.querySelector<HTMLInputElement>('#source-hex')!.click();
      await driver.labElement.updateComplete;
      const area = driver.lab.querySelector<HTMLTextAreaElement>('#hex')!;
      expect(area.value).to.equal('81 85 37 fa 21 3d 7f 9f 4d 51 58');
      area.value = 'zz top';
      area.dispatchEvent(new Event('input'));
      await driver.labElement.updateComplete;
      expect(text(driver.lab.querySelector('#problem'))).to.contain('not hex');
      expect(button(driver.lab, 'send').disabled).to.equal(true);
      area.value = '88 82 37 fa 21 3d 34 12';
      area.dispatchEvent(new Event('input'));
      await driver.labElement.updateComplete;
      button(driver.lab, 'send').click();
      await waitUntil(() => driver.lab.querySelector('#close-code'), 'the close answer', WAIT);
      expect(text(driver.lab.querySelector('#close-code'))).to.equal('1000');
    });

    it('takes the last reaction away once the frame in the editor is another, or no frame at all', async () => {
      const driver = await renderLesson();
      const lab = await driver.labSend('hello');
      expect(text(lab.querySelector('#reaction'))).to.not.equal('');
      lab.querySelector<HTMLInputElement>('#source-hex')!.click();
      await driver.labElement.updateComplete;
      expect(text(driver.lab.querySelector('#reaction')), 'the same bytes, written as hex').to.not.equal('');
      const area = driver.lab.querySelector<HTMLTextAreaElement>('#hex')!;
      area.value = '81 85 37 fa zz';
      area.dispatchEvent(new Event('input'));
      await driver.labElement.updateComplete;
      expect(text(driver.lab.querySelector('#problem'))).to.contain('not hex');
      expect(text(driver.lab.querySelector('#reaction'))).to.equal('');
    });

    it('leaves the server waiting on a frame that claims more bytes than it has', async () => {
      const driver = await renderLesson();
      const lab = await driver.labSend('short');
      expect(text(lab.querySelector('#silence'))).to.contain('It sent nothing back');
      expect(text(lab.querySelector('#tcp'))).to.contain('stayed open');
    });
  });
}

describe('the frame lab with no live server', () => {
  after(async () => connectionSettings.setServerUrl(await serverUrl('live-server-url')));

  it('says no live server answered, instead of failing silently', async () => {
    connectionSettings.setMode(ConnectionMode.live);
    connectionSettings.setServerUrl('ws://127.0.0.1:9');
    const driver = await renderLesson();
    const lab = await driver.labSend('hello');
    expect(text(lab.querySelector('#lab-problem'))).to.contain(
      'No live server answered at http://127.0.0.1:9/frame-lab',
    );
  });
});
