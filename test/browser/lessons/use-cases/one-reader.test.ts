import { expect, html, waitUntil } from '@open-wc/testing';
import '../../../../src/lessons/use-cases/wsp-lesson-use-cases.ts';
import type { WspLessonUseCases } from '../../../../src/lessons/use-cases/wsp-lesson-use-cases.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { serverUrl } from '../../helpers/live-servers.ts';
import { lessonFixture, useMode } from '../../helpers/lesson-helpers.ts';

/** The README's classroom figures (its "A classroom behind one address" section), which this test holds it to. */
async function readmeFigures(): Promise<{ perReader: number }> {
  const readme = await (await fetch('/README.md')).text();
  const perReader = /One reader's page holds at most (\d+) connections/.exec(readme)?.[1];
  if (perReader === undefined) throw new Error('the README states how many connections one reader holds');
  return { perReader: Number(perReader) };
}

/** The live server's open WebSocket connections, as its /healthz counts them. */
async function openConnections(): Promise<number> {
  const url = (await serverUrl('live-server-url')).replace(/^ws/, 'http');
  const health = (await (await fetch(`${url}/healthz`)).json()) as { connections: number };
  return health.connections;
}

/** Every button of the lesson that opens connections: each demo joined at once, as a keen reader might. */
const JOIN_EVERYTHING = [
  ['wsp-chat-demo', '#join-all'],
  ['wsp-ticker-demo', '#connect'],
  ['wsp-notify-demo', '#connect-all'],
  ['wsp-collab-demo', '#connect-all'],
  ['wsp-game-demo', '#join-all'],
] as const;

/**
 * What one reader costs the live server at most: the use-cases lesson, the
 * one whose demos open the most connections, with every demo joined. A class
 * behind one address multiplies it; the README's setting for a classroom is
 * computed from the figure checked here.
 */
describe('one reader of the use-cases lesson in Live mode', () => {
  useMode(ConnectionMode.live);

  it('holds no more connections than the README says a reader holds', async () => {
    const { perReader } = await readmeFigures();
    const lesson = await lessonFixture<WspLessonUseCases>(html`<wsp-lesson-use-cases></wsp-lesson-use-cases>`);
    await lesson.updateComplete;
    const before = await openConnections();
    for (const [tag, button] of JOIN_EVERYTHING) {
      const demo = lesson.shadowRoot!.querySelector(tag)!;
      const control = demo.shadowRoot!.querySelector<HTMLButtonElement>(button);
      expect(control, `${tag} ${button}`).to.not.equal(null);
      control!.click();
    }
    // The README's figure is the real one, not a loose bound: the count reaches
    // it (a busy machine may take a while to open them all), then holds still.
    let held = 0;
    await waitUntil(
      async () => {
        held = (await openConnections()) - before;
        return held >= perReader - 2;
      },
      `the reader opens about ${perReader} connections`,
      { timeout: 30_000, interval: 500 },
    );
    let last = -1;
    await waitUntil(
      async () => {
        held = (await openConnections()) - before;
        const settled = held === last;
        last = held;
        return settled;
      },
      'the connections settle',
      { timeout: 15_000, interval: 1000 },
    );
    expect(held, `one reader holds ${held}`).to.be.at.most(perReader);
    expect(held).to.be.at.least(perReader - 2);
    lesson.remove();
  });
});
