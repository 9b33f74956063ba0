import type { Rolldown } from 'vite';

/** What a module is, by where it lives: the words a shared chunk's name is made of. */
const KINDS: readonly (readonly [RegExp, string])[] = [
  [/[\\/]node_modules[\\/](lit|lit-html|lit-element|@lit)[\\/]/, 'lit'],
  [/[\\/]node_modules[\\/]mock-socket[\\/]/, 'mock-socket'],
  [/[\\/]node_modules[\\/]pako[\\/]/, 'pako'],
  [/[\\/]node_modules[\\/](@codemirror|@lezer|style-mod|crelt|w3c-keyname)[\\/]/, 'codemirror'],
  [/[\\/]node_modules[\\/]/, 'vendor'],
  [/[\\/]src[\\/]protocol[\\/]/, 'protocol'],
  [/[\\/]src[\\/]service[\\/]/, 'service'],
  [/[\\/]src[\\/]transport[\\/]/, 'wire'],
  [/[\\/]src[\\/]controllers[\\/]/, 'controllers'],
  [/[\\/]src[\\/]components[\\/]/, 'views'],
  [/[\\/]src[\\/]lessons[\\/]/, 'lessons'],
  [/[\\/]src[\\/]playground[\\/]/, 'playground'],
  [/[\\/]src[\\/]app[\\/]/, 'app'],
];

function kindOf(id: string): string | undefined {
  return KINDS.find(([test]) => test.test(id))?.[1];
}

/**
 * A shared chunk (one that no import names: the bundler cut it from what
 * several chunks share) is named after what it holds, most modules first:
 * `protocol-service-wire-….js`, not after whichever module the bundler met
 * first. A chunk that a module names keeps that module's name
 * (`wsp-lesson-frames-….js`).
 */
export function chunkFileName(chunk: Rolldown.PreRenderedChunk): string {
  if (chunk.facadeModuleId !== null) return 'assets/[name]-[hash].js';
  const counts = new Map<string, number>();
  for (const id of chunk.moduleIds) {
    const kind = kindOf(id);
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const kinds = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([kind]) => kind);
  return `assets/${kinds.length > 0 ? kinds.join('-') : '[name]'}-[hash].js`;
}
