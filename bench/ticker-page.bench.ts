import { chromium, type CDPSession, type Page } from 'playwright-core';
import { startPlaygroundServer } from '../server/playground-server.ts';
import { buildSite, siteBuildIsStale } from '../scripts/site-build.ts';
import { chromiumArgs, chromiumPath } from '../test/helpers/chromium.ts';
import { readDownTo } from '../test/helpers/read-down.ts';
import { median } from './helpers/median.ts';
import { machineLine, writeReportSection } from './helpers/report-section.ts';

/**
 * The ticker demo at its fastest rate, left running: `npm run bench --
 * ticker-page [--minutes 10]`. Minutes long, so `npm run bench` alone leaves
 * it out (main.ts). The built site, Simulated mode (a reader's default), the
 * tests' Chromium. Every half minute: the page's heap after a full GC, its
 * DOM nodes and listeners, the pushes the demo counted, and the frames the
 * page drew since the last sample (from requestAnimationFrame: a frame that
 * came later than 16.7 ms after the one before is one the page dropped).
 * The heap at the end is reported against its size half way, measured in
 * the same run, once the trace has filled to its cap: flat is a ratio near 1.
 */
const SAMPLE_EVERY_MS = 30_000;
/** The server's fastest rate (docs/endpoints.md, `/ticker`). */
const FASTEST_MS = '50';
/** One frame at 60 Hz, with a little room for the timer's own rounding. */
const FRAME_MS = 1000 / 60 + 0.5;

interface Sample {
  readonly at: number;
  readonly heap: number;
  readonly nodes: number;
  readonly listeners: number;
  readonly received: number;
  readonly frames: readonly number[];
}

/** Records the time between animation frames in the page; `takeFrames()` returns and clears them. */
const FRAME_RECORDER = `(() => {
  let last = performance.now();
  let gaps = [];
  const step = (now) => { gaps.push(now - last); last = now; requestAnimationFrame(step); };
  requestAnimationFrame(step);
  globalThis.takeFrames = () => { const taken = gaps; gaps = []; return taken; };
})()`;

async function sample(page: Page, cdp: CDPSession, startedAt: number): Promise<Sample> {
  const frames = (await page.evaluate('takeFrames()')) as number[];
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  const received = Number(await page.locator('wsp-ticker-demo #received').textContent());
  // The full collection the bench forced is its own work, not the page's: the frames it held up are left out.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await page.evaluate('takeFrames()');
  return {
    at: Date.now() - startedAt,
    heap: usedSize,
    nodes: counters.nodes,
    listeners: counters.jsEventListeners,
    received,
    frames,
  };
}

/** Median and longest gap between frames; a page that drew none (a hidden window) says so. */
const gaps = (frames: readonly number[]): string =>
  frames.length === 0 ? 'no frames' : `${median(frames).toFixed(1)} / ${Math.max(...frames).toFixed(1)}`;

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(2);

export default async function run(): Promise<void> {
  const args = process.argv;
  const minutes = args.includes('--minutes') ? Number(args[args.indexOf('--minutes') + 1]) : 10;
  if (!(minutes >= 1)) throw new Error('--minutes takes a number of minutes, 1 or more');
  if (await siteBuildIsStale()) await buildSite();
  const server = await startPlaygroundServer({ port: 0, logger: () => {} });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs.filter((arg) => !arg.startsWith('--headless')),
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`${server.url}/#/use-cases`);
    await readDownTo(page, 'wsp-ticker-demo');
    const demo = page.locator('wsp-ticker-demo');
    await demo.locator('#every').fill(FASTEST_MS);
    await demo.locator('#connect').click();
    await page.evaluate(FRAME_RECORDER);
    const startedAt = Date.now();
    const samples: Sample[] = [];
    const table = [
      '| min | heap MB | DOM nodes | listeners | pushes | frames | dropped | frame gap ms (median / max) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ];
    console.log(`The ticker demo at a tick every ${FASTEST_MS} ms for ${minutes} min, sampled every 30 s.\n`);
    console.log(table.join('\n'));
    while (Date.now() - startedAt < minutes * 60_000) {
      await page.waitForTimeout(SAMPLE_EVERY_MS);
      const row = await sample(page, cdp, startedAt);
      samples.push(row);
      const dropped = row.frames.filter((gap) => gap > FRAME_MS).length;
      const line =
        `| ${(row.at / 60_000).toFixed(1)} | ${mb(row.heap)} | ${row.nodes} | ${row.listeners} | ${row.received} | ` +
        `${row.frames.length} | ${dropped} | ${gaps(row.frames)} |`;
      console.log(line);
      table.push(line);
    }
    // The first half is warm-up: the trace keeps its newest 10,000 events, and at two a tick it is full after
    // about four minutes; from then on nothing may grow.
    const reference = samples.find((row) => row.at >= (minutes * 60_000) / 2) ?? samples[0]!;
    const last = samples.at(-1)!;
    const frames = samples.filter((row) => row.at > reference.at).flatMap((row) => row.frames);
    const dropped = frames.filter((gap) => gap > FRAME_MS).length;
    const summary = [
      `- Heap at the end ÷ heap half way: ${(last.heap / reference.heap).toFixed(2)} ` +
        `(${mb(reference.heap)} → ${mb(last.heap)} MB); DOM nodes ${reference.nodes} → ${last.nodes}.`,
      `- Frames in the second half: ${frames.length}, of which ${dropped} ` +
        `(${((100 * dropped) / Math.max(1, frames.length)).toFixed(2)} %) came later than ${FRAME_MS.toFixed(1)} ms.`,
      `- Pushes counted: ${last.received} (${(last.received / (last.at / 1000)).toFixed(1)} a second).`,
    ];
    console.log(`\n${summary.join('\n')}`);
    await writeReportSection(
      [
        '## The ticker in a page (`npm run bench -- ticker-page`)',
        '',
        `The use-cases lesson's ticker demo at its fastest rate (a tick every ${FASTEST_MS} ms) for ${minutes} minutes,`,
        'in Simulated mode, in the tests’ Chromium (bench/ticker-page.bench.ts). Every 30 s: the page’s heap after',
        'a full garbage collection, its DOM nodes and listeners, the pushes the demo counted, and the frames the',
        'page drew (requestAnimationFrame): a frame that came later than 16.7 ms after the one before was dropped.',
        'The trace keeps its newest 10,000 events (two a tick): it is full after about four minutes, so the',
        'second half is compared with its start. Goal (issue #23): a flat heap (a ratio near 1), no dropped frames.',
        '',
        machineLine(),
        '',
        ...summary,
        '',
        ...table,
      ].join('\n'),
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
