import { expect, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import '../../../src/lessons/cors/wsp-lesson-cors.ts';
import type { WspLessonCors } from '../../../src/lessons/cors/wsp-lesson-cors.ts';
import { connectionSettings } from '../../../src/controllers/connection-settings.ts';
import { forgetDemoCookie } from '../../../src/lessons/cors/demo-cookie.ts';
import { crossSiteAddress } from '../../../src/lessons/cors/hijack-run.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { serverUrl } from '../helpers/live-servers.ts';
import { lessonFixture, useMode } from '../helpers/lesson-helpers.ts';

const until = (check: () => boolean, what: string, timeout = 5000): Promise<void> =>
  waitUntil(check, what, { timeout });

/** Text as a reader sees it: whitespace collapsed, shadow roots included. */
function textOf(node: Element | ShadowRoot): string {
  const parts: string[] = [];
  const walk = (current: Node): void => {
    if (current.nodeType === Node.TEXT_NODE) parts.push(current.textContent ?? '');
    if (current instanceof Element && current.shadowRoot) walk(current.shadowRoot);
    for (const child of current.childNodes) walk(child);
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** The first match in `root` or in any shadow root below it: the hijack demo's results are elements of their own. */
function deepQuery(root: Element | ShadowRoot, selector: string): Element | null {
  const found = root.querySelector(selector);
  if (found) return found;
  for (const element of root.querySelectorAll('*')) {
    const inner = element.shadowRoot && deepQuery(element.shadowRoot, selector);
    if (inner) return inner;
  }
  return null;
}

async function renderLesson(): Promise<ShadowRoot> {
  const lesson = await lessonFixture<WspLessonCors>(html`<wsp-lesson-cors></wsp-lesson-cors>`);
  return lesson.shadowRoot!;
}

async function demo(tag: 'wsp-cors-allowlist-demo' | 'wsp-cors-hijack-demo' | 'wsp-cors-forged-demo') {
  const element = (await renderLesson()).querySelector<LitElement>(tag)!;
  await element.updateComplete;
  const root = element.shadowRoot!;
  return {
    root,
    button: (id: string) => root.querySelector<HTMLButtonElement>(`#${id}`)!,
    find: (selector: string) => deepQuery(root, selector),
    async type(id: string, value: string): Promise<void> {
      const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = value;
      input.dispatchEvent(new InputEvent('input'));
      await element.updateComplete;
    },
    result: (scope: Element | ShadowRoot = root) => {
      const result = deepQuery(scope, '.result');
      return result ? textOf(result) : '';
    },
    /** The rows of the first trace timeline under `scope`, as text. */
    rows: (scope: Element | ShadowRoot = root) => {
      const timeline = scope.querySelector('wsp-trace-timeline');
      return [...(timeline?.shadowRoot?.querySelectorAll('[role=rowgroup] + [role=rowgroup] [role=row]') ?? [])].map(
        (row) => textOf(row),
      );
    },
    section: (label: string) => deepQuery(root, `section[aria-label^="${label}"]`),
  };
}

/** An address the test-runner config provides (see web-test-runner.config.mjs). */
async function configured(name: string): Promise<string> {
  const value = await executeServerCommand(name);
  if (typeof value !== 'string') throw new Error(`the test runner did not start ${name}`);
  return value;
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the CORS lesson in ${mode} mode`, () => {
    const origin = window.location.origin;

    useMode(mode);

    it('refuses the page when the allowlist leaves it out: 403 and the server’s reason in the trace, 1006 for the page', async () => {
      const allowlist = await demo('wsp-cors-allowlist-demo');
      expect(allowlist.root.querySelector<HTMLInputElement>('#allow')!.value).to.equal('https://bank.example');
      allowlist.button('connect').click();
      const reason = `Origin not allowed by ?allow: ${origin} is not on the allowlist (https://bank.example)`;
      await until(() => allowlist.result().includes(reason), 'the server’s reason reaches the result');
      await until(() => allowlist.result().includes('code 1006'), 'the page’s close event is described');
      expect(allowlist.result()).to.contain('Refused: the server answered 403 Forbidden.');
      expect(allowlist.result()).to.contain('a close event with code 1006, wasClean false');

      const rows = allowlist.rows();
      expect(rows.find((row) => row.includes('GET request'))).to.contain('/cors?allow=https://bank.example');
      expect(rows.find((row) => row.includes('403 response'))).to.contain('Forbidden');
      expect(rows.find((row) => row.includes('server note'))).to.contain(reason);
      expect(rows.find((row) => row.includes('close event'))).to.contain('code 1006, wasClean false');
      expect(rows.some((row) => row.includes('open event'))).to.equal(false);

      const diagram = allowlist.root.querySelector('wsp-cors-sequence')!.shadowRoot!.querySelector('svg')!;
      expect(diagram.getAttribute('role')).to.equal('img');
      expect(diagram.getAttribute('aria-label')).to.contain('Server to This page: 403 Forbidden: refused');
      expect(diagram.getAttribute('aria-label')).to.contain(`The server’s reason: ${reason}`);
    });

    it('opens and echoes once the page’s own origin is on the list', async () => {
      const allowlist = await demo('wsp-cors-allowlist-demo');
      allowlist.button('add-origin').click();
      await until(() => allowlist.button('add-origin').disabled, 'the origin is on the list');
      expect(allowlist.root.querySelector<HTMLInputElement>('#allow')!.value).to.equal(
        `https://bank.example,${origin}`,
      );
      allowlist.button('connect').click();
      await until(() => !allowlist.button('send').disabled, 'the connection opens');
      expect(allowlist.result()).to.contain(`Open: ${origin} is on the list, so the server answered 101.`);
      allowlist.button('send').click();
      await until(() => allowlist.result().includes('Echoed back: “hello”'), 'the echo arrives');
      await until(() => allowlist.rows().some((row) => /server → client text frame/.test(row)), 'the echo is traced');
      expect(allowlist.rows().find((row) => row.includes('101 response'))).to.contain('Switching Protocols');
      expect(allowlist.rows().some((row) => row.includes('server note'))).to.equal(false);
      allowlist.button('disconnect').click();
      await until(() => allowlist.result().includes('Closed with code 1000, cleanly.'), 'the close is clean');
    });

    it('shows the attacker’s handshake refused with the Origin check and let in without it', async () => {
      const hijack = await demo('wsp-cors-hijack-demo');
      const server = new URL(await serverUrl('live-server-url'));
      const sameSite = `http://localhost:${Number(server.port) + 1}`;
      const attacker = (id: string) => hijack.root.querySelector<HTMLInputElement>(`#attacker-${id}`)!;
      expect(attacker('same-site').checked).to.equal(true);
      if (mode === ConnectionMode.simulated) {
        expect(textOf(hijack.root.querySelector('fieldset')!)).to.contain(`Same site, another port: ${sameSite}`);
        hijack.button('attack').click();
        await until(() => hijack.section('With this site’s Origin check') !== null, 'the checked attack runs');
        const checked = hijack.section('With this site’s Origin check')!;
        expect(hijack.result(checked)).to.contain('Refused: 403 Forbidden.');
        expect(hijack.result(checked)).to.contain(
          `Origin not allowed: ${sameSite} is not on the allowlist (${origin}).`,
        );
        expect(hijack.result(checked)).to.contain(
          'Your cookie (no SameSite): sent, by Chromium’s rules as this page simulates them. Same site:',
        );
        const request = textOf(checked.querySelector('wsp-cors-request')!);
        expect(request).to.contain(`Origin: ${sameSite}`);
        expect(request).to.contain('Cookie: [redacted] ← your cookie, attached by your browser');
        expect(hijack.rows(checked).some((row) => row.includes('frame'))).to.equal(false);
      } else {
        expect(hijack.button('attack-unchecked').textContent).to.contain('(simulated)');
      }
      hijack.button('attack-unchecked').click();
      await until(() => hijack.section('Without the check') !== null, 'the unchecked attack runs');
      const open = hijack.section('Without the check')!;
      expect(hijack.result(open)).to.contain('Accepted: 101, the attacker is in.');
      expect(hijack.result(open)).to.contain('read the answer, {"action":"transfer","to":"mallory","amount":100}');
      const rows = hijack.rows(open);
      expect(rows.find((row) => row.includes('client → server text frame'))).to.contain('masked');
      expect(rows.find((row) => row.includes('server → client text frame'))).to.contain('mallory');

      if (mode === ConnectionMode.simulated) {
        // Another site: a cookie without SameSite counts as Lax in Chromium and stays home.
        attacker('cross-site').click();
        hijack.button('attack-unchecked').click();
        await until(() => hijack.result(open).includes('but not as you'), 'the cross-site attack runs');
        expect(hijack.result(open)).to.contain('Accepted: 101, the attacker is in, but not as you.');
        expect(hijack.result(open)).to.contain('Your cookie (no SameSite): not sent');
        expect(hijack.result(open)).to.contain('treated as Lax (Chromium since 2020)');
        const request = textOf(open.querySelector('wsp-cors-request')!);
        expect(request).to.contain('Origin: http://evil.example');
        expect(request).to.not.contain('Cookie:');
        // SameSite=None; Secure goes, unless the simulated browser blocks third-party cookies.
        const select = hijack.root.querySelector<HTMLSelectElement>('#cookie-same-site')!;
        select.value = 'noneSecure';
        select.dispatchEvent(new Event('change'));
        hijack.button('attack-unchecked').click();
        await until(() => hijack.result(open).includes('SameSite=None; Secure): sent'), 'None goes across');
        hijack.root.querySelector<HTMLInputElement>('#third-party-blocked')!.click();
        hijack.button('attack-unchecked').click();
        await until(() => hijack.result(open).includes('SameSite=None; Secure): not sent'), 'blocked');
        expect(hijack.result(open)).to.contain('this browser blocks third-party cookies');
      }
    });

    it('shows a forged Origin in the request the server received', async () => {
      const forged = await demo('wsp-cors-forged-demo');
      expect(forged.root.querySelector<HTMLInputElement>('#forged-origin')!.value).to.equal('https://bank.example');
      if (mode === ConnectionMode.simulated) {
        forged.button('forge').click();
        await until(() => forged.result().includes('Refused'), 'another site’s origin is refused');
        expect(forged.result()).to.contain('Origin not allowed: ');
        expect(forged.result()).to.contain('https://bank.example');
        const marked = forged.root.querySelector('wsp-cors-request')!.shadowRoot!.querySelector('mark')!;
        expect(marked.textContent).to.equal('Origin: https://bank.example');

        forged.button('use-page-origin').click();
        await (forged.root.host as LitElement).updateComplete;
        forged.button('forge').click();
        await until(() => forged.result().includes('Accepted'), 'the claimed page origin gets in');
        expect(forged.result()).to.contain(`Accepted: the allowlist saw ${origin} and let the script in.`);
        expect(forged.rows().find((row) => row.includes('101 response'))).to.contain('Switching Protocols');

        await forged.type('forged-origin', 'bank.example');
        expect(forged.button('forge').disabled).to.equal(true);
        expect(textOf(forged.root.querySelector('#forged-hint')!)).to.contain('Type an origin such as');
      } else {
        const live = await serverUrl('live-server-url');
        expect(textOf(forged.root.querySelector('#command')!)).to.contain(
          `new WebSocket('${live}/echo', { origin: 'https://bank.example' })`,
        );
        forged.button('watch').click();
        await until(() => textOf(forged.root.querySelector('#command')!).includes('/echo?trace='), 'the id is shown');
        const id = /trace=([0-9a-f]{32})/.exec(textOf(forged.root.querySelector('#command')!))![1];
        await new Promise((resolve) => setTimeout(resolve, 300));
        // A client naming the watch id: this page cannot forge, so its Origin is its own.
        const socket = new WebSocket(`${live}/echo?trace=${id}`);
        await until(() => forged.root.querySelector('wsp-cors-request') !== null, 'the server reports the handshake');
        socket.close();
        expect(forged.result()).to.contain('The script got in: 101 Switching Protocols.');
        const marked = forged.root.querySelector('wsp-cors-request')!.shadowRoot!.querySelector('mark')!;
        expect(marked.textContent).to.equal(`Origin: ${origin}`);
      }
    });

    it('ends the same on both wires: another site’s origin refused, this page’s origin let in', async () => {
      const forged = await demo('wsp-cors-forged-demo');
      const outcome = async (claimed: string): Promise<number> => {
        if (mode === ConnectionMode.simulated) {
          await forged.type('forged-origin', claimed);
          forged.button('forge').click();
          const mark = (): string | null | undefined =>
            forged.root.querySelector('wsp-cors-request')?.shadowRoot?.querySelector('mark')?.textContent;
          await until(() => mark() === `Origin: ${claimed}`, `the answer to ${claimed}`);
          const response = forged.rows().find((row) => /\d{3} response/.test(row))!;
          return Number(/(\d{3}) response/.exec(response)![1]);
        }
        // Live, a program writes the Origin, as the reader's script does.
        const url = `${await serverUrl('live-server-url')}/echo`;
        return Number(await executeServerCommand('forged-handshake', { url, origin: claimed }));
      };
      expect(await outcome('https://bank.example')).to.equal(403);
      expect(await outcome(origin)).to.equal(101);
    });

    it('has a key points box, four self-checks and a mode switch in every demo', async () => {
      const lesson = await renderLesson();
      expect(lesson.querySelectorAll('wsp-key-points li').length).to.equal(5);
      expect(lesson.querySelectorAll('wsp-self-check').length).to.equal(4);
      for (const tag of ['wsp-cors-allowlist-demo', 'wsp-cors-hijack-demo', 'wsp-cors-forged-demo']) {
        const element = lesson.querySelector<LitElement>(tag)!;
        await element.updateComplete;
        expect(element.shadowRoot!.querySelector('wsp-mode-switch'), tag).to.not.equal(null);
      }
    });
  });
}

describe('the CORS lesson when the live server is not there', () => {
  it('says which URL it tried and how to start the server, instead of a refusal', async () => {
    connectionSettings.setMode(ConnectionMode.live);
    connectionSettings.setServerUrl('ws://127.0.0.1:9');
    const allowlist = await demo('wsp-cors-allowlist-demo');
    allowlist.button('connect').click();
    await until(() => allowlist.result().includes('No live server answered'), 'the problem is explained');
    expect(allowlist.result()).to.contain('ws://127.0.0.1:9/cors?allow=https://bank.example');
    expect(allowlist.result()).to.not.contain('Refused');
    expect(allowlist.button('connect').disabled).to.equal(false);
  });
});

describe('the CORS lesson’s live attack from the other site', () => {
  // The demo sets a cookie for the server's host; leave the browser as we found it.
  afterEach(forgetDemoCookie);

  it('says plainly when no other site answers', async () => {
    connectionSettings.setServerUrl(await serverUrl('live-server-url'));
    connectionSettings.setMode(ConnectionMode.live);
    const hijack = await demo('wsp-cors-hijack-demo');
    await hijack.type('other-site', 'http://127.0.0.1:9');
    hijack.button('attack').click();
    await until(() => hijack.find('[role=alert]') !== null, 'the problem is shown');
    const alert = textOf(hijack.find('[role=alert]')!);
    expect(alert).to.contain('No other site answered at http://127.0.0.1:9.');
    expect(alert).to.contain('Simulated');
    expect(hijack.button('attack').disabled).to.equal(false);
  });

  it('fills the other site’s address for each attacker: this host on the next port, or the other loopback name', async () => {
    connectionSettings.setServerUrl('ws://localhost:8080');
    connectionSettings.setMode(ConnectionMode.live);
    const hijack = await demo('wsp-cors-hijack-demo');
    const address = () => hijack.root.querySelector<HTMLInputElement>('#other-site')!.value;
    expect(address()).to.equal('http://localhost:8081');
    hijack.root.querySelector<HTMLInputElement>('#attacker-cross-site')!.click();
    await (hijack.root.host as LitElement).updateComplete;
    expect(address()).to.equal('http://127.0.0.1:8081');
    expect(textOf(hijack.root.querySelector('fieldset')!)).to.contain('Another site: http://127.0.0.1:8081');
    // A server on another host has no other loopback name: the reader types another site instead.
    connectionSettings.setServerUrl('ws://play.example:8080');
    await (hijack.root.host as LitElement).updateComplete;
    expect(hijack.root.querySelector<HTMLInputElement>('#attacker-cross-site')!.disabled).to.equal(true);
  });

  async function attackFrom(address: string) {
    connectionSettings.setServerUrl(await configured('cors-server-url'));
    connectionSettings.setMode(ConnectionMode.live);
    const hijack = await demo('wsp-cors-hijack-demo');
    await hijack.type('other-site', address);
    hijack.button('attack').click();
    await until(() => hijack.result().includes('Refused'), 'the server’s view arrives', 8000);
    await until(() => textOf(hijack.find('ol') ?? hijack.root).includes('Refused:'), 'the report', 8000);
    await until(() => hijack.find('.cookie') !== null, 'the Cookie finding', 8000);
    return hijack;
  }

  it('from the same site (another port): the live server refuses the handshake, which carries the cookie', async () => {
    const otherSite = await configured('cors-other-site-url');
    const hijack = await attackFrom(otherSite);
    const result = hijack.result();
    expect(result).to.contain('Refused: the server answered 403 Forbidden.');
    expect(result).to.contain(`Origin not allowed: ${otherSite} is not on the allowlist`);
    expect(result).to.contain('Your browser attached the cookie to the other site’s handshake');
    expect(result).to.contain(`Why: Same site: ${otherSite} and`);
    expect(textOf(hijack.find('#cookie-stored')!)).to.equal(
      'The demo cookie with no SameSite: stored by your browser for localhost.',
    );
    const request = textOf(hijack.find('wsp-cors-request')!);
    expect(request).to.contain(`Origin: ${otherSite}`);
    expect(request).to.contain('Cookie: [redacted]');
    expect(textOf(hijack.find('ol')!)).to.contain('close code 1006, wasClean false');
    expect(hijack.find('[data-rules=disagree]')).to.equal(null);
  });

  it('from another site (the other loopback name): a cookie without SameSite stays home', async () => {
    const otherSite = crossSiteAddress(await configured('cors-other-site-url'))!;
    expect(otherSite).to.match(/^http:\/\/127\.0\.0\.1:/);
    const hijack = await attackFrom(otherSite);
    const result = hijack.result();
    expect(result).to.contain('Refused: the server answered 403 Forbidden.');
    expect(result).to.contain('Your browser kept the cookie home: the server received no Cookie header.');
    expect(result).to.contain(
      'Why: Cross-site: the page’s site, http://127.0.0.1, is not the server’s, http://localhost.',
    );
    const request = textOf(hijack.find('wsp-cors-request')!);
    expect(request).to.contain(`Origin: ${otherSite}`);
    expect(request).to.not.contain('Cookie:');
    expect(hijack.find('[data-rules=disagree]')).to.equal(null);
  });
});
