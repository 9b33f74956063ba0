import { executeServerCommand } from '@web/test-runner-commands';
import { expect, html } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../../src/lessons/security/wsp-lesson-security.ts';
import type { WspLessonSecurity } from '../../../src/lessons/security/wsp-lesson-security.ts';
import { findLesson } from '../../../src/app/lessons.ts';
import { sectionFromHash, slugFromHash } from '../../../src/app/router.ts';
import { sectionId } from '../../../src/controllers/lesson-sections.ts';
import { SECRET_PATTERN } from '../../../src/protocol/index.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import {
  lessonFixture,
  applyTheme,
  failOnConsoleErrors,
  shadow,
  text,
  useMode,
  useSiteThemeForAxe,
} from '../helpers/lesson-helpers.ts';
import { LessonDemoDriver } from '../helpers/demo-driver.ts';

/** Drives one demo of the lesson, with what this lesson's demos show. */
class Demo extends LessonDemoDriver {
  /** The outcome view of the demo (or of one pane: `within`); an empty fragment until there is one. */
  outcome(within = ''): ParentNode {
    const view = this.root.querySelector(`${within} wsp-security-outcome`.trim());
    return view?.shadowRoot ?? document.createDocumentFragment();
  }

  /** The lines of the replies list (of one pane: `within`). */
  replies(within = ''): string[] {
    const list = this.root.querySelector(`${within} wsp-security-replies`.trim())?.shadowRoot;
    return [...(list?.querySelectorAll('li') ?? [])].map((item) => text(item));
  }

  /** Every text the demo shows, its children's shadow roots included. */
  allText(): string {
    const parts: string[] = [];
    const walk = (root: ShadowRoot | Element): void => {
      parts.push(root.textContent ?? '');
      for (const element of root.querySelectorAll('*')) if (element.shadowRoot) walk(element.shadowRoot);
    };
    walk(this.root);
    return parts.join(' ');
  }
}

async function renderLesson(): Promise<WspLessonSecurity> {
  return lessonFixture<WspLessonSecurity>(html`<wsp-lesson-security></wsp-lesson-security>`);
}

function demo(lesson: WspLessonSecurity, id: string): Demo {
  return new Demo(shadow(lesson).querySelector<LitElement>(`#${id}`)!);
}

/** A full secret anywhere in the text: one with its random part not starred. */
function fullSecrets(said: string): string[] {
  return [...said.matchAll(SECRET_PATTERN)].map((match) => match[0]).filter((secret) => !secret.endsWith('*'));
}

/** The section ids of a lesson, as the site computes them from its h2 headings. */
async function sectionsOf(slug: string): Promise<string[]> {
  const lesson = findLesson(slug);
  if (!lesson) throw new Error(`no lesson "${slug}"`);
  await lesson.load();
  const element = document.createElement(lesson.tag) as HTMLElement & { updateComplete: Promise<unknown> };
  document.body.append(element);
  try {
    await element.updateComplete;
    return [...element.shadowRoot!.querySelectorAll('h2')].map((heading) => sectionId(text(heading)));
  } finally {
    element.remove();
  }
}

/** Signs in on the four-ways demo. */
async function signIn(ways: Demo, role: 'member' | 'reader' = 'member'): Promise<void> {
  await ways.check(`#role-${role}`);
  await ways.click('#sign-in');
  await ways.waitFor(() => /^Signed in as ada/.test(ways.text('#session')), 'signed in');
}

// The live server's session cookie lives in the browser the other test files share: none outlives a test here.
afterEach(async () => {
  await executeServerCommand('clear-cookies');
});

describe('the security lesson', () => {
  failOnConsoleErrors();

  it('holds its sections, five demos, the checklist, key points and six self-checks', async () => {
    const lesson = await renderLesson();
    const root = shadow(lesson);
    expect(text(root.querySelector('h1'))).to.equal('Who may connect, and what they may do');
    expect([...root.querySelectorAll('h2')].map((heading) => text(heading))).to.deep.equal([
      'The browser will not send your header',
      'Four ways to prove who you are',
      'When the credential expires on an open connection',
      'Checked on every message',
      'Limits that protect the server',
      'wss: what TLS adds',
      'A checklist',
      'Check yourself',
    ]);
    for (const id of ['ways', 'expiry', 'roles', 'limits', 'wss'])
      expect(root.querySelector(`#${id}`), id).to.not.equal(null);
    expect(root.querySelectorAll('#ways-table tbody tr')).to.have.length(4);
    expect(root.querySelector('wsp-key-points')).to.not.equal(null);
    const checks = [...root.querySelectorAll('wsp-self-check')];
    expect(checks).to.have.length(6);
    for (const check of checks) expect(check.options.filter((option) => option.correct)).to.have.length(1);
  });

  it('maps the cheat sheet to every setting the issue names, linking only to sections that exist', async () => {
    const lesson = await renderLesson();
    const checklist = shadow(shadow(lesson).querySelector('wsp-security-checklist'));
    const said = text(checklist.querySelector('#checklist'));
    for (const setting of [
      'ALLOWED_ORIGINS',
      'MAX_MESSAGE_BYTES',
      'MAX_MESSAGES_PER_SECOND',
      'MAX_CONNECTIONS',
      'MAX_CONNECTIONS_PER_ADDRESS',
      'MAX_SEND_BUFFER_BYTES',
      'TICKET_TTL_MS',
    ]) {
      expect(said).to.contain(setting);
    }
    const hrefs = [...checklist.querySelectorAll('a')].map((link) => link.getAttribute('href') ?? '');
    expect(hrefs.length).to.be.at.least(10);
    const sections = new Map<string, string[]>();
    for (const href of hrefs) {
      const slug = slugFromHash(href);
      if (!sections.has(slug)) sections.set(slug, await sectionsOf(slug));
      expect(sections.get(slug), `${href} names a section of ${slug}`).to.include(sectionFromHash(href));
    }
  });
});

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the security lesson's demos in ${mode} mode`, () => {
    useMode(mode);
    failOnConsoleErrors();

    it('connects with the session cookie, which the trace shows only as redacted', async () => {
      const ways = demo(await renderLesson(), 'ways');
      await signIn(ways);
      expect(ways.text('#session')).to.match(/token wsp_at_\*{22}/);
      await ways.click('#try-cookie');
      await ways.waitFor(() => ways.replies().some((line) => line.startsWith('welcome')), 'the welcome');
      expect(ways.replies()[0]).to.match(/^welcome: ada, member, proved by cookie/);
      await ways.waitFor(() => ways.root.querySelector('#cookie') !== null, 'the request in the trace');
      expect(ways.text('#cookie')).to.equal('[redacted]');
      await ways.click('#post');
      await ways.waitFor(() => ways.replies().some((line) => line.startsWith('posted')), 'the post');
      expect(fullSecrets(ways.allText())).to.deep.equal([]);
    });

    it('connects with a ticket, and refuses it used again with 403 and the reason', async () => {
      const ways = demo(await renderLesson(), 'ways');
      await signIn(ways);
      await ways.check('#way-ticket');
      await ways.click('#try-ticket');
      await ways.waitFor(() => ways.replies().some((line) => line.startsWith('welcome')), 'the welcome');
      expect(ways.replies()[0]).to.match(/proved by ticket/);
      await ways.waitFor(() => ways.root.querySelector('#path') !== null, 'the request in the trace');
      // Live, the request also names the trace's side channel (&trace=…).
      expect(ways.text('#path')).to.match(
        /^GET \/secure\?auth=ticket&ticket=wsp_tk_\*{22}(&trace=[0-9a-f]+)? HTTP\/1\.1$/,
      );

      await ways.click('#try-ticket-reused');
      await ways.waitFor(() => ways.outcome().querySelector('#answer')?.getAttribute('data-status') === '403', '403');
      await ways.waitFor(() => /ticket already used/.test(text(ways.outcome().querySelector('#notes'))), 'the reason');
      await ways.waitFor(() => ways.outcome().querySelector('#page-close') !== null, 'the close event');
      expect(ways.outcome().querySelector('#page-close')!.getAttribute('data-code')).to.equal('1006');
      expect(fullSecrets(ways.allText())).to.deep.equal([]);
    });

    it('refuses an expired ticket with 403', async () => {
      const ways = demo(await renderLesson(), 'ways');
      await signIn(ways);
      await ways.check('#way-ticket');
      await ways.click('#try-ticket-expired');
      await ways.waitFor(() => /ticket expired/.test(text(ways.outcome().querySelector('#notes'))), 'the reason');
      expect(ways.outcome().querySelector('#answer')!.getAttribute('data-status')).to.equal('403');
    });

    it('takes the token as a subprotocol and answers wsp.bearer; the token alone gets 400', async () => {
      const ways = demo(await renderLesson(), 'ways');
      await signIn(ways);
      await ways.check('#way-protocol');
      await ways.click('#try-protocol');
      await ways.waitFor(() => ways.replies().some((line) => line.startsWith('welcome')), 'the welcome');
      expect(ways.replies()[0]).to.match(/proved by protocol/);
      await ways.waitFor(() => ways.root.querySelector('#answered') !== null, 'the answer in the trace');
      expect(ways.text('#offered')).to.match(/^wsp\.bearer, ?wsp_at_\*{22}$/);
      expect(ways.text('#answered')).to.equal('wsp.bearer');

      await ways.click('#try-token-alone');
      await ways.waitFor(() => ways.outcome().querySelector('#answer')?.getAttribute('data-status') === '400', '400');
      expect(fullSecrets(ways.allText())).to.deep.equal([]);
    });

    it('takes the token as the first message (starred in the trace), and closes a silent connection with 1008', async () => {
      const ways = demo(await renderLesson(), 'ways');
      await signIn(ways);
      await ways.check('#way-message');
      await ways.click('#try-message');
      await ways.waitFor(() => ways.replies().some((line) => line.startsWith('welcome')), 'the welcome');
      expect(ways.replies()[0]).to.match(/proved by message/);
      await ways.waitFor(() => ways.root.querySelector('#first-message') !== null, 'the message in the trace');
      expect(ways.text('#first-message')).to.match(/^\{"type":"auth","token":"wsp_at_\*{22}"\}$/);

      await ways.click('#try-silent');
      await ways.waitFor(() => ways.outcome().querySelector('#close-frame') !== null, 'the close frame', 6000);
      expect(ways.outcome().querySelector('#close-frame')!.getAttribute('data-code')).to.equal('1008');
      expect(fullSecrets(ways.allText())).to.deep.equal([]);
    });

    it('keeps a connection whose client re-authenticates when warned', async () => {
      const expiry = demo(await renderLesson(), 'expiry');
      const lifetime = expiry.find<HTMLSelectElement>('#lifetime');
      lifetime.value = '4000';
      lifetime.dispatchEvent(new Event('change'));
      await expiry.click('#start');
      const story = (): string => expiry.text('#story');
      await expiry.waitFor(() => /reauthenticated/.test(story()), 'the re-authentication');
      expect(story()).to.match(/expiring: send a fresh token within/);
      expect(story()).to.not.match(/Closed/);
      expect(fullSecrets(expiry.allText())).to.deep.equal([]);
      await expiry.click('#disconnect');
    });

    it('closes with 4001 a connection whose client does not answer the warning', async () => {
      const expiry = demo(await renderLesson(), 'expiry');
      const lifetime = expiry.find<HTMLSelectElement>('#lifetime');
      lifetime.value = '4000';
      lifetime.dispatchEvent(new Event('change'));
      await expiry.check('#renew', false);
      await expiry.click('#start');
      await expiry.waitFor(() => expiry.root.querySelector('#close-terms') !== null, 'the close', 8000);
      expect(expiry.text('#close-terms')).to.contain('4001 is in 4000–4999, “Private use” (RFC 6455 §7.4.2)');
      expect(expiry.outcome().querySelector('#close-frame')!.getAttribute('data-code')).to.equal('4001');
      expect(expiry.text('#story')).to.match(/Closed: code 4001, reason “credentials expired”/);
    });

    it('refuses the reader’s post with an error and keeps the connection; the member’s is posted', async () => {
      const roles = demo(await renderLesson(), 'roles');
      await roles.click('#join-member');
      await roles.click('#join-reader');
      await roles.waitFor(() => roles.replies('#reader').some((line) => line.startsWith('welcome')), 'the reader in');
      await roles.waitFor(() => roles.replies('#member').some((line) => line.startsWith('welcome')), 'the member in');
      await roles.click('#post-reader');
      await roles.click('#post-member');
      await roles.waitFor(() => roles.replies('#reader').some((line) => line.startsWith('error')), 'the refusal');
      await roles.waitFor(() => roles.replies('#member').some((line) => line.startsWith('posted')), 'the post');
      expect(roles.text('#state-reader')).to.contain('OPEN');
      await roles.click('#junk-reader');
      await roles.waitFor(
        () => roles.replies('#reader').filter((line) => line.startsWith('error')).length === 2,
        'junk',
      );
      expect(roles.text('#state-reader')).to.contain('OPEN');
    });

    for (const [limit, code, event] of [
      ['size', '1009', 'too-big'],
      ['rate', '1008', 'rate-limited'],
    ] as const) {
      it(`trips the ${limit} limit: close ${code} and the server's log line`, async () => {
        const limits = demo(await renderLesson(), 'limits');
        await limits.check(`#limit-${limit}`);
        await limits.click('#trip');
        await limits.waitFor(() => limits.outcome().querySelector('#close-frame') !== null, 'the close frame');
        expect(limits.outcome().querySelector('#close-frame')!.getAttribute('data-code')).to.equal(code);
        await limits.waitFor(() => limits.outcome().querySelector('#log-lines') !== null, 'the log line');
        expect(text(limits.outcome().querySelector('#log-lines'))).to.contain(`"event":"${event}"`);
      });
    }

    it('trips the slow reader’s limit: the server’s log line, and its close frame when it gets through', async function () {
      this.timeout(25_000);
      const limits = demo(await renderLesson(), 'limits');
      await limits.check('#limit-slow');
      await limits.click('#trip');
      const said = (): string => text(limits.outcome().querySelector('#log-lines'));
      await limits.waitFor(() => /"event":"slow-reader"/.test(said()), 'the log line', 20_000);
      await limits.waitFor(() => !limits.find<HTMLButtonElement>('#trip').disabled, 'the run ends');
      const frame = limits.outcome().querySelector('#close-frame');
      // Simulated, nothing stands between the server and the page. Live, the close frame waits behind every byte
      // the reader never read (TCP's and the kernels' buffers), and the demo says so.
      if (mode === ConnectionMode.simulated || frame) expect(frame?.getAttribute('data-code')).to.equal('1008');
      else expect(limits.root.querySelector('#still-open')).to.not.equal(null);
    });

    it('refuses a fourth connection to a group with 503', async () => {
      const limits = demo(await renderLesson(), 'limits');
      await limits.check('#limit-connections');
      await limits.click('#trip');
      await limits.waitFor(
        () => limits.outcome().querySelector('#answer')?.getAttribute('data-status') === '503',
        '503',
      );
      await limits.waitFor(() => /3 is the limit/.test(text(limits.outcome().querySelector('#notes'))), 'the reason');
    });

    it('shows a message’s frame under ws:, the same bytes sealed, and a failed wss: as 1006', async () => {
      const wss = demo(await renderLesson(), 'wss');
      await wss.click('#send');
      await wss.waitFor(() => wss.root.querySelector('#sealed') !== null, 'the sealed record');
      expect(wss.root.querySelector('wsp-frame-bytes#plain')).to.not.equal(null);
      expect(wss.text('#sealed')).to.match(/^17 03 03 00 [0-9a-f]{2} /);
      await wss.click('#try-wss');
      await wss.waitFor(() => wss.root.querySelector('#wss-outcome') !== null, 'the outcome', 9000);
      expect(wss.find('#wss-outcome').getAttribute('data-code')).to.equal('1006');
      expect(wss.text('#wss-events')).to.equal('error, close');
    });
  });
}

describe('the security lesson and axe-core', () => {
  useSiteThemeForAxe();

  for (const theme of ['light', 'dark'] as const) {
    it(`finds no violations once the demos have run (${theme} theme)`, async () => {
      applyTheme(theme);
      const lesson = await renderLesson();
      const ways = demo(lesson, 'ways');
      await signIn(ways);
      await ways.check('#way-ticket');
      await ways.click('#try-ticket');
      await ways.waitFor(() => ways.replies().length > 0, 'the welcome');
      const roles = demo(lesson, 'roles');
      await roles.click('#join-reader');
      await roles.waitFor(() => roles.replies('#reader').length > 0, 'the reader in');
      await roles.click('#post-reader');
      const limits = demo(lesson, 'limits');
      await limits.click('#trip');
      await limits.waitFor(() => limits.outcome().querySelector('#close-frame') !== null, 'the close frame');
      const wss = demo(lesson, 'wss');
      await wss.click('#send');
      await wss.waitFor(() => wss.root.querySelector('#sealed') !== null, 'the sealed record');
      await wss.click('#try-wss');
      await wss.waitFor(() => wss.root.querySelector('#wss-outcome') !== null, 'the outcome');
      await expect(lesson).to.be.accessible();
      lesson.remove();
    });
  }
});
