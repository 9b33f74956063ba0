import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importCircles, importGraph } from './helpers/import-graph.ts';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

describe('imports in src/', () => {
  it('form no circle', () => {
    assert.deepEqual(importCircles(importGraph(SRC), SRC), []);
  });

  it('would show a circle, even one closed by a type-only import', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'import-circle-'));
    try {
      await mkdir(join(folder, 'protocol'));
      await writeFile(
        join(folder, 'protocol/frame.ts'),
        `export { read } from './reader.ts';\nexport const frame = 1;\n`,
      );
      await writeFile(
        join(folder, 'protocol/reader.ts'),
        `import type { frame } from './frame.ts';\nexport const read = (f: typeof frame) => f;\n`,
      );
      await writeFile(
        join(folder, 'leaf.ts'),
        `import { frame } from './protocol/frame.ts';\nexport const leaf = frame;\n`,
      );
      assert.deepEqual(importCircles(importGraph(folder), folder), [['protocol/frame.ts', 'protocol/reader.ts']]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
