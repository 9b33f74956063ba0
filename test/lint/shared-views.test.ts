import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importGraph } from './helpers/import-graph.ts';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const LESSONS = join(SRC, 'lessons');

/** Every module `entry` reaches through its imports, itself included. */
function reach(graph: Map<string, string[]>, entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...(graph.get(file) ?? []));
  }
  return seen;
}

describe('src/components/', () => {
  it('holds only modules that two or more lessons use; the rest live in their lesson folder', () => {
    const graph = importGraph(SRC);
    const slugs = readdirSync(LESSONS, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    assert.ok(slugs.length >= 9, `expected the nine lessons' folders, found ${slugs.join(', ')}`);
    const users = new Map<string, string[]>();
    for (const slug of slugs) {
      for (const file of reach(graph, join(LESSONS, slug, `wsp-lesson-${slug}.ts`))) {
        users.set(file, [...(users.get(file) ?? []), slug]);
      }
    }
    const lonely = [...graph.keys()]
      .filter((file) => file.startsWith(join(SRC, 'components')))
      .map((file) => ({ file: relative(SRC, file), lessons: users.get(file) ?? [] }))
      .filter(({ lessons }) => lessons.length < 2);
    assert.deepEqual(lonely, []);
  });
});
