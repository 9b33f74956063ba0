import { expect, html, waitUntil } from '@open-wc/testing';
import '../../../src/lessons/use-cases/wsp-lesson-use-cases.ts';
import type { WspLessonUseCases } from '../../../src/lessons/use-cases/wsp-lesson-use-cases.ts';
import { sectionId } from '../../../src/controllers/lesson-sections.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { lessonFixture, text, useMode, WAIT } from '../helpers/lesson-helpers.ts';

/** Renders the lesson and returns it with every console.error it caused. */
async function renderLesson(): Promise<{ lesson: WspLessonUseCases; errors: unknown[] }> {
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    const lesson = await lessonFixture<WspLessonUseCases>(html`<wsp-lesson-use-cases></wsp-lesson-use-cases>`);
    await lesson.updateComplete;
    return { lesson, errors };
  } finally {
    console.error = original;
  }
}

/** The paragraphs of one h2 section, up to the next h2. */
function section(lesson: WspLessonUseCases, heading: string): Element[] {
  const parts: Element[] = [];
  const h2 = [...lesson.shadowRoot!.querySelectorAll('h2')].find((candidate) => text(candidate) === heading);
  if (!h2) throw new Error(`no section "${heading}"`);
  for (let next = h2.nextElementSibling; next && next.tagName !== 'H2'; next = next.nextElementSibling) {
    parts.push(next);
  }
  return parts;
}

const APPLICATIONS = [
  { heading: 'Chat', tag: 'wsp-chat-demo' },
  { heading: 'Live scores and prices', tag: 'wsp-ticker-demo' },
  { heading: 'Notifications', tag: 'wsp-notify-demo' },
  { heading: 'Collaborative editing', tag: 'wsp-collab-demo' },
  { heading: 'A multiplayer game', tag: 'wsp-game-demo' },
] as const;

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the use-cases lesson in ${mode} mode`, () => {
    useMode(mode);

    it('renders with no console errors', async () => {
      const { errors } = await renderLesson();
      expect(errors).to.deep.equal([]);
    });

    it('gives each of the five applications its own section, demo and word on when simpler tools do', async () => {
      const { lesson } = await renderLesson();
      const headings = [...lesson.shadowRoot!.querySelectorAll('h2')].map((heading) => text(heading));
      expect(headings).to.deep.equal([...APPLICATIONS.map((application) => application.heading), 'Check yourself']);
      for (const { heading, tag } of APPLICATIONS) {
        const parts = section(lesson, heading);
        expect(
          parts.some((part) => part.localName === tag || part.firstElementChild?.localName === tag),
          `${heading} holds <${tag}>`,
        ).to.equal(true);
        const fit = text(parts.find((part) => part.classList.contains('fit')));
        expect(fit, heading).to.match(/^Why a WebSocket fits:/);
        expect(fit, heading).to.contain('Server-Sent Events');
        expect(fit, heading).to.match(/[Pp]olling|plain requests/);
      }
    });

    it('puts the mode switch and the trace one click away in each of its own demos', async () => {
      const { lesson } = await renderLesson();
      for (const tag of ['wsp-chat-demo', 'wsp-ticker-demo', 'wsp-notify-demo']) {
        const root = lesson.shadowRoot!.querySelector(tag)!.shadowRoot!;
        expect(root.querySelector('wsp-mode-switch'), tag).to.not.equal(null);
        expect(text(root.querySelector('details > summary')), tag).to.equal('What crossed the wire');
      }
    });

    it('links the chat’s room to its own section, which the site can deep-link', async () => {
      const { lesson } = await renderLesson();
      const chat = lesson.shadowRoot!.querySelector('wsp-chat-demo')!;
      expect(chat.section).to.equal(`#/use-cases/${sectionId('Chat')}`);
    });

    it('runs the chat from inside the lesson: two people in one room hear each other', async () => {
      const { lesson } = await renderLesson();
      const root = lesson.shadowRoot!.querySelector('wsp-chat-demo')!.shadowRoot!;
      const room = `lesson-${Math.random().toString(36).slice(2, 8)}`;
      for (const pane of ['p1', 'p2']) {
        const input = root.querySelector<HTMLInputElement>(`#${pane}-room`)!;
        input.value = room;
        input.dispatchEvent(new Event('input'));
      }
      await lesson.shadowRoot!.querySelector('wsp-chat-demo')!.updateComplete;
      root.querySelector<HTMLButtonElement>('#p1-join')!.click();
      root.querySelector<HTMLButtonElement>('#p2-join')!.click();
      // Each pane must have its own welcome: Ann may hear that Bob joined before Bob's page hears it is in.
      await waitUntil(
        () =>
          root.querySelectorAll('#p1-members li').length === 2 && root.querySelectorAll('#p2-members li').length === 2,
        'both are in the room, as each of them sees it',
        WAIT,
      );
      root.querySelector<HTMLInputElement>('#p2-text')!.value = 'hi from the lesson';
      root.querySelector<HTMLButtonElement>('#p2-send')!.click();
      await waitUntil(
        () => text(root.querySelector('#p1-lines li[data-kind=message] .text')) === 'hi from the lesson',
        'Ann hears Bob',
        WAIT,
      );
    });

    it('ends with key points and three self-check questions, each with one right answer', async () => {
      const { lesson } = await renderLesson();
      expect(lesson.shadowRoot!.querySelectorAll('wsp-key-points li').length).to.be.at.least(3);
      const checks = [...lesson.shadowRoot!.querySelectorAll('wsp-self-check')];
      expect(checks).to.have.length(3);
      for (const check of checks) expect(check.options.filter((option) => option.correct)).to.have.length(1);
    });
  });
}
