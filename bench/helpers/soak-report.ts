/**
 * The soak's verdicts, as markdown tables like the other benches print:
 * the server's resources after warm-up against the end, the messages
 * checked per endpoint, and the connections with every refusal and close
 * the bench did not ask for, by reason.
 */
import type { WatchSample } from './process-watch.ts';
import { SOAK_ENDPOINTS, type SoakEndpoint } from './soak-ledger.ts';
import type { SoakLoad } from './soak-load.ts';
import type { ServerSample } from './soak-server.ts';

/** How far heap, RSS and fds may end from their level after warm-up. */
const DRIFT_BOUND = 0.1;
/**
 * The loop delay's bounds. p99: the fastest ticker ticks every 50 ms, and a
 * delay past that makes a tick late by a whole period. Max: half a second, the
 * longest pause a reader would not take for a frozen page.
 */
const LOOP_P99_BOUND_MS = 50;
const LOOP_MAX_BOUND_MS = 500;

const WHAT_IS_CHECKED: Readonly<Record<SoakEndpoint, string>> = {
  echo: 'numbered messages back once, in order',
  chat: "every sender's numbered lines to every member once, in order",
  ticker: "ticks' seq without gap or repeat; one state per rate",
  collab: 'revisions without gap; each change answered once',
};

export interface SoakResult {
  readonly connections: number;
  readonly load: SoakLoad;
  /** The server before any connection, after warm-up, at the end (all three after GC), and once all closed. */
  readonly idle: ServerSample;
  readonly reference: ServerSample;
  readonly end: ServerSample;
  readonly closed: ServerSample;
  /** The samples taken between the reference and the end, of the server and of the load's own process. */
  readonly serverShares: readonly ServerSample[];
  readonly loadShares: readonly WatchSample[];
  /** The load's own loop delay, from warm-up to end. */
  readonly loadEnd: WatchSample;
  /** Held tickers silent for `silentMs` at the end. */
  readonly silent: number;
  readonly silentMs: number;
}

export const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
export const ms = (value: number): string => `${value.toFixed(1)} ms`;
export const count = (value: number): string => value.toLocaleString('en-US');
export const percent = (share: number | null): string => (share === null ? 'n/a' : `${(share * 100).toFixed(0)}%`);

function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0) / known.length;
}

function table(header: readonly string[], align: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (values: readonly string[]): string => `| ${values.join(' | ')} |`;
  return [line(header), line(align), ...rows.map(line)].join('\n');
}

const fds = (sample: ServerSample): string => (sample.fds === null ? 'n/a' : count(sample.fds));
const verdict = (ok: boolean): string => (ok ? 'ok' : 'FAILED');

/** A table and whether each of its checks passed. */
interface Section {
  readonly text: string;
  readonly checks: readonly boolean[];
}

function drift(name: string, before: number | null, after: number | null, show: (value: number) => string) {
  const goal = `within ±${DRIFT_BOUND * 100}%`;
  if (before === null || after === null) return { row: [name, 'n/a', 'n/a', '', goal, 'n/a'], ok: true };
  const change = (after - before) / before;
  const ok = Math.abs(change) <= DRIFT_BOUND;
  const shown = `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
  return { row: [name, show(before), show(after), shown, goal, verdict(ok)], ok };
}

function resources(result: SoakResult): Section {
  const { idle, reference, end, closed } = result;
  const drifts = [
    drift('heap used (after GC)', reference.heapUsed, end.heapUsed, mb),
    drift('RSS (after GC)', reference.rss, end.rss, mb),
    drift('open file descriptors', reference.fds, end.fds, count),
  ];
  const p99 = end.loopP99Ms <= LOOP_P99_BOUND_MS;
  const max = end.loopMaxMs <= LOOP_MAX_BOUND_MS;
  const context = (name: string, before: string, after: string): string[] => [name, before, after, '', 'context', ''];
  const window = 'warm-up to end';
  const rows = [
    ...drifts.map((result) => result.row),
    context('external memory (after GC)', mb(reference.external), mb(end.external)),
    [`event loop delay p99 (${window})`, '', ms(end.loopP99Ms), '', `<= ${LOOP_P99_BOUND_MS} ms`, verdict(p99)],
    [`event loop delay max (${window})`, '', ms(end.loopMaxMs), '', `<= ${LOOP_MAX_BOUND_MS} ms`, verdict(max)],
    context(`share of a core used (mean, ${window})`, '', percent(mean(result.serverShares.map((s) => s.cpu)))),
    context(
      `share of the time its main thread waited for a core (mean, ${window})`,
      '',
      percent(mean(result.serverShares.map((s) => s.waited))),
    ),
    context('heap used (after GC): idle before the run, all closed after it', mb(idle.heapUsed), mb(closed.heapUsed)),
    context('open file descriptors: idle before the run, all closed after it', fds(idle), fds(closed)),
  ];
  const loadEnd = result.loadEnd.loop;
  const text = [
    '### The server process: after warm-up and at the end, under the same load',
    '',
    table(
      ['measure', 'after warm-up', 'end', 'change', 'goal', 'verdict'],
      ['---', '---:', '---:', '---:', '---', '---'],
      rows,
    ),
    '',
    'Loop delay: monitorEventLoopDelay in the server process (10 ms resolution), started afresh after the warm-up',
    'and read before the last GC: how late its timer ran beyond its 10 ms interval. A main thread that waits for a',
    'core (from /proc/self/schedstat) lags for the machine, not for its own work. The load, in its own process,',
    `for context (${window}): loop delay p99 ${ms(loadEnd.p99)}, max ${ms(loadEnd.max)}; share of a core used ` +
      `${percent(mean(result.loadShares.map((s) => s.cpu)))}; its main thread waited for a core ` +
      `${percent(mean(result.loadShares.map((s) => s.waited)))} of the time.`,
  ].join('\n');
  return { text, checks: [...drifts.map((result) => result.ok), p99, max] };
}

function messages(result: SoakResult): Section {
  const { tallies } = result.load.ledger;
  const checks: boolean[] = [];
  const rows = SOAK_ENDPOINTS.map((endpoint) => {
    const tally = tallies[endpoint];
    const ok = tally.lost === 0 && tally.duplicated === 0;
    checks.push(ok);
    return [
      endpoint,
      WHAT_IS_CHECKED[endpoint],
      count(tally.sent),
      count(tally.delivered),
      count(tally.lost),
      count(tally.duplicated),
      verdict(ok),
    ];
  });
  const silentOk = result.silent === 0;
  checks.push(silentOk);
  const silentWhat = `held subscriptions silent for ${result.silentMs / 1000} s at the end`;
  rows.push(['ticker', silentWhat, '', '', count(result.silent), '', verdict(silentOk)]);
  const text = [
    '### Messages, checked as they arrived (goal: none lost, none duplicated)',
    '',
    table(
      ['endpoint', 'checked', 'sent by clients', 'arrived as expected', 'lost', 'duplicated', 'verdict'],
      ['---', '---', '---:', '---:', '---:', '---:', '---'],
      rows,
    ),
  ].join('\n');
  return { text, checks };
}

/** Server log lines counted apart from the routine ones: refusals, closes it chose, errors. */
function notableEvents(events: Readonly<Record<string, number>>): [string, number][] {
  const routine = new Set(['connect', 'listening', 'stopped', 'disconnect 1000', 'disconnect 1005']);
  return Object.entries(events).filter(([key]) => !routine.has(key));
}

function connections(result: SoakResult): Section {
  const { load, closed } = result;
  const alive = load.alive();
  const heldOk = alive === result.connections;
  const problems = [...load.ledger.problems];
  const serverEvents = notableEvents(closed.events);
  const none = (what: string): string[] => [what, 'none', '0', 'ok'];
  const context = (what: string, value: string): string[] => [what, '', value, ''];
  const normalCloses = (closed.events['disconnect 1000'] ?? 0) + (closed.events['disconnect 1005'] ?? 0);
  const rows = [
    [
      'held connections open until the bench closed them',
      '',
      `${count(alive)} of ${count(result.connections)}`,
      verdict(heldOk),
    ],
    context('churn visits finished', `${count(load.churnFinished)} of ${count(load.churnStarted)} started`),
    context('churn visits skipped (too many under way)', count(load.churnSkipped)),
    context('server log: connects', count(closed.events.connect ?? 0)),
    context('server log: disconnects 1000 or 1005', count(normalCloses)),
    ...(problems.length === 0
      ? [none('clients: refusals, errors, unexpected closes')]
      : problems.map(([reason, n]) => ['clients', reason, count(n), 'FAILED'])),
    ...(serverEvents.length === 0
      ? [none('server log: refusals, other close codes, errors')]
      : serverEvents.map(([reason, n]) => ['server log', reason, count(n), 'FAILED'])),
  ];
  const text = [
    '### Connections, refusals and unexpected closes (goal: none)',
    '',
    table(['what', 'reason', 'count', 'verdict'], ['---', '---', '---:', '---'], rows),
  ].join('\n');
  return { text, checks: [heldOk, problems.length === 0, serverEvents.length === 0] };
}

/** Prints the three tables; true when every check passed. */
export function reportSoak(result: SoakResult): boolean {
  const sections = [resources(result), messages(result), connections(result)];
  for (const section of sections) console.log(`\n${section.text}`);
  return sections.every((section) => section.checks.every(Boolean));
}
