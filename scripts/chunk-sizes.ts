import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file of the built site's assets, as a browser downloads it. */
export interface ChunkSize {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
  /** Loaded by a first visit before any lesson: the entry script, what it preloads, and its CSS. */
  readonly initial: boolean;
}

/** The assets a first visit loads: what dist/index.html names. */
async function initialAssets(dist: string): Promise<Set<string>> {
  const index = await readFile(join(dist, 'index.html'), 'utf8');
  return new Set([...index.matchAll(/(?:src|href)="\.\/assets\/([^"]+)"/g)].map((match) => match[1]!));
}

/** Every built script and stylesheet, raw and gzip (level 9, as a static host would serve it), largest first. */
export async function chunkSizes(dist: string): Promise<ChunkSize[]> {
  const initial = await initialAssets(dist);
  const assets = (await readdir(join(dist, 'assets'))).filter((file) => /\.(js|css)$/.test(file));
  const rows = await Promise.all(
    assets.map(async (file) => {
      const bytes = await readFile(join(dist, 'assets', file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, initial: initial.has(file) };
    }),
  );
  return rows.sort((a, b) => b.gzip - a.gzip);
}

/**
 * The budgets of issue #8: what a first visit and each lesson may cost, gzip;
 * `route` is issue #23's goal for a lesson's whole first visit, not met yet
 * (the bench prints each route against it).
 */
export const BUDGETS = {
  initialJavaScript: 35 * 1024,
  lessonChunk: 25 * 1024,
  route: 60 * 1024,
  /** Issue #19: the playground's own JavaScript, editor and sandbox included. */
  playground: 150 * 1024,
} as const;

export function initialJavaScript(rows: readonly ChunkSize[]): number {
  return rows.filter((row) => row.initial && row.file.endsWith('.js')).reduce((sum, row) => sum + row.gzip, 0);
}

/** A lesson's own chunk: Vite names it after the lesson's module. */
export function lessonChunks(rows: readonly ChunkSize[]): ChunkSize[] {
  return rows.filter((row) => /^wsp-lesson-.*\.js$/.test(row.file));
}

/** What a route loads up front, gzip: the first visit's scripts and every chunk its lesson imports, transitively. */
export interface RouteWeight {
  /** The lesson's chunk, `wsp-lesson-<slug>-<hash>.js`. */
  readonly lesson: string;
  readonly files: readonly string[];
  readonly gzip: number;
}

/** A built chunk's static imports (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` loads later. */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map((match) => match[1]!);
}

/** Every file `start` reaches along `edges`, itself included. */
function closure(edges: ReadonlyMap<string, readonly string[]>, start: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of edges.get(file) ?? []) visit(next);
  };
  start.forEach(visit);
  return seen;
}

/** The first visit's scripts plus each lesson chunk's static imports, followed to the end, from the built files themselves. */
export async function routeWeights(dist: string, rows: readonly ChunkSize[]): Promise<RouteWeight[]> {
  const gzip = new Map(rows.map((row) => [row.file, row.gzip]));
  const imports = new Map<string, string[]>();
  for (const row of rows.filter((chunk) => chunk.file.endsWith('.js'))) {
    imports.set(row.file, staticImports(await readFile(join(dist, 'assets', row.file), 'utf8')));
  }
  const initial = rows.filter((row) => row.initial && row.file.endsWith('.js')).map((row) => row.file);
  return lessonChunks(rows).map((lesson) => {
    const files = [...closure(imports, [...initial, lesson.file])];
    return { lesson: lesson.file, files, gzip: files.reduce((sum, file) => sum + (gzip.get(file) ?? 0), 0) };
  });
}

/** The playground's chunk: Vite names it after the page's module. */
export function playgroundChunk(rows: readonly ChunkSize[]): ChunkSize | undefined {
  return rows.find((row) => /^wsp-playground-.*\.js$/.test(row.file));
}

/**
 * Every script a page can come to load from `start`: what each one names
 * (static and dynamic imports, preload lists, a worker's URL), followed to the
 * end; of the first visit's scripts only their static imports, since the entry
 * names every lesson and the playground for the router to load.
 */
export async function reachable(
  dist: string,
  rows: readonly ChunkSize[],
  start: readonly string[],
): Promise<Set<string>> {
  const scripts = rows.filter((row) => row.file.endsWith('.js')).map((row) => row.file);
  const initial = new Set(rows.filter((row) => row.initial).map((row) => row.file));
  const named = new Map<string, string[]>();
  for (const file of scripts) {
    const code = await readFile(join(dist, 'assets', file), 'utf8');
    named.set(
      file,
      initial.has(file) ? staticImports(code) : scripts.filter((other) => other !== file && code.includes(other)),
    );
  }
  return closure(named, start);
}

/** What the playground loads that no lesson can: its own JavaScript, gzip. */
export interface PlaygroundWeight {
  readonly files: readonly string[];
  readonly gzip: number;
}

export async function playgroundWeight(dist: string, rows: readonly ChunkSize[]): Promise<PlaygroundWeight> {
  const chunk = playgroundChunk(rows);
  if (!chunk) throw new Error('no wsp-playground-*.js chunk in the build');
  const initial = rows.filter((row) => row.initial && row.file.endsWith('.js')).map((row) => row.file);
  const lessons = await reachable(dist, rows, [...initial, ...lessonChunks(rows).map((row) => row.file)]);
  const files = [...(await reachable(dist, rows, [chunk.file]))].filter((file) => !lessons.has(file));
  const gzip = new Map(rows.map((row) => [row.file, row.gzip]));
  return { files, gzip: files.reduce((sum, file) => sum + (gzip.get(file) ?? 0), 0) };
}
