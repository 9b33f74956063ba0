import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  BUDGETS,
  chunkSizes,
  initialJavaScript,
  lessonChunks,
  playgroundChunk,
  playgroundWeight,
  reachable,
  routeWeights,
} from '../../scripts/chunk-sizes.ts';
import { ROOT } from '../../scripts/site-build.ts';
import { useBuiltSite } from '../helpers/built-site.ts';

const DIST = join(ROOT, 'dist');

/** The built site (npm run test:e2e builds it first) within its page-weight budgets, and self-contained. */
describe('the built site stays light', () => {
  it(`loads at most ${BUDGETS.initialJavaScript / 1024} KB of JavaScript (gzip) before any lesson`, async () => {
    const rows = await chunkSizes(DIST);
    assert.ok(
      rows.some((row) => row.initial && row.file.endsWith('.js')),
      'the entry script is found',
    );
    assert.ok(initialJavaScript(rows) <= BUDGETS.initialJavaScript, `initial JavaScript: ${initialJavaScript(rows)} B`);
  });

  it(`keeps each lesson's own chunk within ${BUDGETS.lessonChunk / 1024} KB (gzip)`, async () => {
    const lessons = lessonChunks(await chunkSizes(DIST));
    assert.equal(lessons.length, 11, 'one chunk per lesson');
    const over = lessons.filter((row) => row.gzip > BUDGETS.lessonChunk).map((row) => `${row.file}: ${row.gzip} B`);
    assert.deepEqual(over, []);
  });

  it(`weighs a lesson’s first visit by every chunk it imports, followed to the end: at most ${BUDGETS.route / 1024} KB (gzip)`, async () => {
    const rows = await chunkSizes(DIST);
    const routes = await routeWeights(DIST, rows);
    assert.equal(routes.length, 11);
    const entry = rows.filter((row) => row.initial && row.file.endsWith('.js')).map((row) => row.file);
    for (const route of routes) {
      assert.ok(route.files.includes(route.lesson) && entry.every((file) => route.files.includes(file)), route.lesson);
      // Closed: whatever a counted chunk imports up front is counted too.
      for (const file of route.files) {
        const code = await readFile(join(DIST, 'assets', file), 'utf8');
        for (const [, imported] of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) {
          assert.ok(route.files.includes(imported!), `${route.lesson}: ${file} imports ${imported}`);
        }
      }
      const own = rows.filter((row) => route.files.includes(row.file)).reduce((sum, row) => sum + row.gzip, 0);
      assert.equal(route.gzip, own);
    }
    const over = routes
      .filter((route) => route.gzip > BUDGETS.route)
      .map((route) => `${route.lesson}: ${route.gzip} B`);
    assert.deepEqual(over, []);
  });

  it(`keeps the playground's own JavaScript within ${BUDGETS.playground / 1024} KB (gzip), and out of every lesson`, async () => {
    const rows = await chunkSizes(DIST);
    const playground = await playgroundWeight(DIST, rows);
    assert.ok(playground.gzip <= BUDGETS.playground, `the playground's own JavaScript: ${playground.gzip} B`);
    // Counted are only files no lesson can load: were CodeMirror or the sandbox in a lesson's reach, these fail.
    const texts = await Promise.all(playground.files.map((file) => readFile(join(DIST, 'assets', file), 'utf8')));
    assert.ok(
      texts.some((text) => text.includes('cm-content')),
      'CodeMirror is the playground’s alone',
    );
    assert.ok(
      texts.some((text) => text.includes('importScripts')),
      'the sandbox worker is the playground’s alone',
    );
    // The worker's runtime is a chunk of the site's build: it shares the lessons' files, none of which may define
    // an element (a worker has no customElements; scripts/module-url-plugin.ts).
    const runtime = rows.find((row) => /^sandbox-runtime-.*\.js$/.test(row.file))!.file;
    for (const file of await reachable(DIST, rows, [runtime])) {
      const code = await readFile(join(DIST, 'assets', file), 'utf8');
      assert.doesNotMatch(code, /customElements/, `${file}, which the sandbox worker can load, defines elements`);
    }
    const chunk = playgroundChunk(rows)!.file;
    for (const lesson of lessonChunks(rows)) {
      assert.ok(!(await reachable(DIST, rows, [lesson.file])).has(chunk), `${lesson.file} can load the playground`);
    }
  });

  it('loads nothing from another origin: no absolute URLs in the page or its assets', async () => {
    const index = await readFile(join(DIST, 'index.html'), 'utf8');
    assert.deepEqual(
      [...index.matchAll(/(?:src|href)="([^"]+)"/g)]
        .map((match) => match[1])
        .filter((url) => /^[a-z]+:\/\//i.test(url!)),
      [],
    );
    const css = (await chunkSizes(DIST)).filter((row) => row.file.endsWith('.css'));
    for (const row of css) {
      const text = await readFile(join(DIST, 'assets', row.file), 'utf8');
      assert.doesNotMatch(text, /url\(\s*['"]?[a-z]+:\/\//i, `${row.file} loads nothing from elsewhere`);
      assert.doesNotMatch(text, /@import/i, `${row.file} imports nothing`);
    }
  });
});

/** What Chromium really downloads on a first visit, as Lighthouse's phone sees the page, against the count above. */
describe('a first visit to each lesson on a phone', () => {
  const site = useBuiltSite();

  it('downloads no script the route count leaves out: the demos wait until the reader reads down', async () => {
    const rows = await chunkSizes(DIST);
    const routes = await routeWeights(DIST, rows);
    const page = await site.browser.newPage({ viewport: { width: 412, height: 823 } });
    const scripts: string[] = [];
    page.on('request', (request) => {
      const file = /\/assets\/([^/?#]+\.js)$/.exec(request.url())?.[1];
      if (file) scripts.push(file);
    });
    const uncounted: string[] = [];
    for (const route of routes) {
      const slug = /^wsp-lesson-(.+)-[\w-]{8}\.js$/.exec(route.lesson)![1]!;
      scripts.length = 0;
      // A new document each time, as a first visit is: the hash alone would not load the entry again.
      await page.goto('about:blank');
      await page.goto(`${site.server.url}/#/${slug}`);
      await page.locator('main .pager').waitFor();
      await page.waitForLoadState('networkidle');
      assert.ok(scripts.includes(route.lesson), `${slug}: the lesson's chunk was downloaded`);
      uncounted.push(...scripts.filter((file) => !route.files.includes(file)).map((file) => `${slug}: ${file}`));
    }
    assert.deepEqual(uncounted, []);
    await page.close();
  });
});
