import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs, chromiumPath } from '../test/helpers/chromium.ts';
import { ROOT } from '../scripts/site-build.ts';
import { median } from './helpers/median.ts';

/** A short trace, the reference, and the longest a connection keeps (TRACE_LIMIT). */
const SIZES = [40, 10_000];
const TICKS = 60;
const RUNS = 5;
/** One frame at 60 Hz: what a tick's work must fit in. */
const FRAME_MS = 16;

interface Times {
  readonly render: number;
  readonly ticks: number[];
  readonly scrolls: number[];
}

interface Harness {
  measureTraceView(rows: number, ticks: number): Promise<Times>;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const ms = (value: number): string => value.toFixed(2);

/**
 * The trace view with 40 rows and with 10,000, in the tests' Chromium: its
 * first render, each tick of a ticker at its fastest rate (one every 50 ms),
 * and each jump of its scroll box, from the change to the view laid out.
 * Sizes alternate within each run; the ratio to the short trace is the
 * figure that travels to other machines, the milliseconds are this one's.
 */
export default async function run(): Promise<void> {
  // Not the site's config: its plugins shape the site's own index.html, which this page is not.
  const vite = await createServer({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1' },
    // Scan this page alone for dependencies to pre-bundle, not every HTML file under the root.
    optimizeDeps: { entries: ['bench/page/index.html'] },
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
    const runs = new Map<number, Times[]>(SIZES.map((size) => [size, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const rows of SIZES) {
        const times = await page.evaluate(
          ([count, ticks]) => (globalThis as unknown as Harness).measureTraceView(count, ticks),
          [rows, TICKS] as const,
        );
        runs.get(rows)!.push(times);
      }
    }
    const typical = (rows: number, pick: (times: Times) => number): number => median(runs.get(rows)!.map(pick));
    const reference = SIZES[0]!;
    console.log(
      `| rows | first render ms | tick ms (median) | tick ms (95th pct) | scroll ms (median) | scroll ms (95th pct) | tick × ${reference} rows | scroll × ${reference} rows |`,
    );
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const rows of SIZES) {
      const tick = typical(rows, (times) => median(times.ticks));
      const scroll = typical(rows, (times) => median(times.scrolls));
      console.log(
        `| ${rows} | ${ms(typical(rows, (times) => times.render))} | ${ms(tick)} | ` +
          `${ms(typical(rows, (times) => percentile(times.ticks, 0.95)))} | ${ms(scroll)} | ` +
          `${ms(typical(rows, (times) => percentile(times.scrolls, 0.95)))} | ` +
          `${(tick / typical(reference, (times) => median(times.ticks))).toFixed(2)} | ` +
          `${(scroll / typical(reference, (times) => median(times.scrolls))).toFixed(2)} |`,
      );
    }
    console.log(
      `\nGoal: a long trace costs what a short one does (ratios near 1), and each tick and scroll fits in a ` +
        `${FRAME_MS} ms frame at the 95th percentile. Medians of ${RUNS} runs of ${TICKS} ticks and ${TICKS} scrolls.`,
    );
  } finally {
    await browser.close();
    await vite.close();
  }
}
