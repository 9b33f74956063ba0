import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the built site is made from: a change to any of these makes dist/ stale. */
// server/ too: the server lesson shows its source.
const SOURCES = ['index.html', 'vite.config.ts', 'package.json', 'src', 'server'];

async function newestChange(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestChange(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

/** Whether dist/ is missing or older than its sources. */
export async function siteBuildIsStale(): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(join(ROOT, 'dist', 'index.html'))).mtimeMs;
  } catch {
    return true;
  }
  const sources = await Promise.all(SOURCES.map((source) => newestChange(join(ROOT, source))));
  return Math.max(...sources) > built;
}

export async function buildSite(): Promise<void> {
  const { build } = await import('vite');
  await build({ root: ROOT, logLevel: 'warn' });
}

export { ROOT };
