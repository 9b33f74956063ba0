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

/** The budgets of issue #8: what a first visit and each lesson may cost, gzip. */
export const BUDGETS = { initialJavaScript: 35 * 1024, lessonChunk: 25 * 1024 } as const;

export function initialJavaScript(rows: readonly ChunkSize[]): number {
  return rows.filter((row) => row.initial && row.file.endsWith('.js')).reduce((sum, row) => sum + row.gzip, 0);
}

/** A lesson's own chunk: Vite names it after the lesson's module. */
export function lessonChunks(rows: readonly ChunkSize[]): ChunkSize[] {
  return rows.filter((row) => /^wsp-lesson-.*\.js$/.test(row.file));
}
