import { relative } from 'node:path';
import type { Plugin } from 'vite';

/** How a module asks for another module's URL instead of its exports: `import url from './x.ts?module-url'`. */
export const MODULE_URL_QUERY = '?module-url';

const PREFIX = '\0module-url:';

/**
 * `?module-url` imports: the URL of a module that a worker imports (the
 * playground's runtime). In a build the module is an entry chunk of the
 * site's own build, so the chunks it imports are the ones the lessons load
 * (and a browser has cached), not copies in a separate worker build; served
 * (`vite`, `npm run dev`), it is the module's own URL, transformed by Vite
 * as the page's modules are.
 *
 * Such a module must import nothing that touches the DOM, and one thing the
 * build adds does: Vite wraps each `import()` in a helper that first preloads
 * the chunk's imports with `<link>` tags in the document, which a worker does
 * not have. So in every chunk a worker module can come to load, up front or
 * through `import()`, `import()` preloads nothing; the page, which shares
 * those chunks, then fetches a lazy chunk's own imports one step later, as a
 * browser does by itself.
 */
export function moduleUrl(): Plugin {
  let building = false;
  let root = '';
  let base = '/';
  const references: string[] = [];
  /** The built files the worker modules can load, themselves included. */
  const workerChunks = new Set<string>();
  return {
    name: 'module-url',
    enforce: 'pre',
    config: () => ({
      build: {
        modulePreload: {
          resolveDependencies: (_file, deps, { hostId }) => (workerChunks.has(hostId) ? [] : deps),
        },
      },
    }),
    configResolved(config) {
      building = config.command === 'build';
      root = config.root;
      base = config.base;
    },
    buildStart() {
      references.length = 0;
    },
    async resolveId(source, importer) {
      if (!source.endsWith(MODULE_URL_QUERY)) return undefined;
      const target = await this.resolve(source.slice(0, -MODULE_URL_QUERY.length), importer, { skipSelf: true });
      if (!target) return null;
      return `${PREFIX}${target.id}`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const file = id.slice(PREFIX.length);
      if (!building) return `export default ${JSON.stringify(`${base}${relative(root, file).split('\\').join('/')}`)};`;
      const name = file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
      const reference = this.emitFile({ type: 'chunk', id: file, name });
      references.push(reference);
      return `export default import.meta.ROLLUP_FILE_URL_${reference};`;
    },
    // Before Vite's own generateBundle (a later plugin) asks resolveDependencies.
    generateBundle(_options, bundle) {
      workerChunks.clear();
      const visit = (file: string): void => {
        const chunk = bundle[file];
        if (workerChunks.has(file) || chunk?.type !== 'chunk') return;
        workerChunks.add(file);
        chunk.imports.forEach(visit);
        chunk.dynamicImports.forEach(visit);
      };
      for (const reference of references) visit(this.getFileName(reference));
    },
  };
}
