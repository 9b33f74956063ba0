import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs, chromiumPath } from '../test/helpers/chromium.ts';
import { ROOT } from '../scripts/site-build.ts';

/** A short trace, the reference, and the longest a connection keeps (TRACE_LIMIT). */
const SIZES = [40, 10_000];
const TICKS = 60;
const RUNS = 5;
/** One frame at 60 Hz: what a tick's work must fit in. */
const FRAME_MS = 16;

interface Harness {
  measureTraceView(rows: number, ticks: number): Promise<number[]>;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/**
 * The trace view under a ticker at its fastest rate (a tick every 50 ms),
 * with 40 rows and with 10,000: the work of each tick, from the events
 * arriving to the view laid out, in the tests' Chromium. Sizes alternate
 * within each run; the ratio to the short trace is the figure that travels
 * to other machines, the milliseconds are this machine's.
 */
export default async function run(): Promise<void> {
  // Not the site's config: its plugins shape the site's own index.html, which this page is not.
  const vite = await createServer({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1' },
  });
  await vite.listen();
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs.filter((arg) => !arg.startsWith('--headless')),
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${vite.resolvedUrls!.local[0]}bench/page/index.html`);
    await page.waitForFunction(() => 'measureTraceView' in globalThis);
    const samples = new Map<number, number[]>(SIZES.map((size) => [size, []]));
    const medians = new Map<number, number[]>(SIZES.map((size) => [size, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const rows of SIZES) {
        const durations = await page.evaluate(
          ([count, ticks]) => (globalThis as unknown as Harness).measureTraceView(count, ticks),
          [rows, TICKS] as const,
        );
        samples.get(rows)!.push(...durations);
        medians.get(rows)!.push(median(durations));
      }
    }
    const reference = median(medians.get(SIZES[0]!)!);
    console.log(`| rows in the trace | median ms per tick | 95th percentile | worst | × the ${SIZES[0]}-row trace |`);
    console.log('| ---: | ---: | ---: | ---: | ---: |');
    for (const rows of SIZES) {
      const all = samples.get(rows)!;
      const typical = median(medians.get(rows)!);
      console.log(
        `| ${rows} | ${typical.toFixed(2)} | ${percentile(all, 0.95).toFixed(2)} | ${Math.max(...all).toFixed(2)} | ${(typical / reference).toFixed(2)} |`,
      );
    }
    const worst95 = Math.max(...SIZES.map((rows) => percentile(samples.get(rows)!, 0.95)));
    console.log(
      `\nGoal: a long trace costs what a short one does (ratio near 1), and a tick's work fits in a ${FRAME_MS} ms ` +
        `frame: 95th percentile here ${worst95.toFixed(2)} ms (median of ${RUNS} runs of ${TICKS} ticks each).`,
    );
  } finally {
    await browser.close();
    await vite.close();
  }
}
