import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { chunkFileName } from './scripts/chunk-names.ts';
import { moduleUrl } from './scripts/module-url-plugin.ts';
import { SERVER_SOURCE_FILES, SERVER_SOURCES_ID, serverSourcesModule } from './scripts/server-sources-plugin.ts';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/** src/protocol: pure functions and tables (DESIGN.md), so a module none of whose exports a chunk uses is left out. */
const PROTOCOL = /\/src\/protocol\/[^/]+\.ts$/;

/** src/protocol but its DEFLATE decoder, which only the compression lesson and compressing connections load. */
const PROTOCOL_CHUNK = /[\\/]src[\\/]protocol[\\/](?!(inflate|huffman|deflate-trace)\.ts$)[^\\/]+\.ts$/;

const THEME_LINK = '<link rel="stylesheet" href="./src/app/site-theme.css" />';

/**
 * The site's colours go inline into index.html: a separate stylesheet would
 * hold the first paint back for one more request. The file stays a file, so
 * the browser tests can load the same colours.
 */
function inlineSiteTheme(): Plugin {
  return {
    name: 'inline-site-theme',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(THEME_LINK)) throw new Error(`index.html must link the theme as ${THEME_LINK}`);
        const css = readFileSync(new URL('./src/app/site-theme.css', import.meta.url), 'utf8');
        return html.replace(THEME_LINK, `<style>\n${css}</style>`);
      },
    },
  };
}

/** The server lesson's excerpts, cut from the project's files at build time: the page carries only the pieces shown. */
function serverSources(): Plugin {
  const resolved = `\0${SERVER_SOURCES_ID}`;
  return {
    name: 'server-sources',
    resolveId: (id) => (id === SERVER_SOURCES_ID ? resolved : undefined),
    async load(id) {
      if (id !== resolved) return undefined;
      for (const file of SERVER_SOURCE_FILES) this.addWatchFile(`${ROOT}${file}`);
      return serverSourcesModule(ROOT);
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the built site works from any sub-path of any static host.
  base: './',
  // moduleUrl: the playground's worker imports its runtime (src/transport/sandbox) as a chunk of this build, which
  // shares the lessons' chunks of the wire, the service and the parts loaded only when needed (compression, sign-in).
  plugins: [inlineSiteTheme(), serverSources(), moduleUrl()],
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // src/protocol builds tables at load, which the bundler cannot tell from side effects: without this, a lesson
      // that names one constant through protocol/index.ts would load every module the index re-exports (the DEFLATE
      // decoder with them, which only the compression lesson and compressing connections need).
      treeshake: { moduleSideEffects: (id) => (PROTOCOL.test(id) ? false : undefined) },
      output: {
        chunkFileNames: chunkFileName,
        // src/protocol in one chunk, the DEFLATE decoder aside: split by which demos use which module, it came in a
        // score of chunks under 2 KB, each a request and a script for a phone (the playground loaded eight of them).
        codeSplitting: { groups: [{ name: 'protocol', test: PROTOCOL_CHUNK }] },
      },
    },
  },
});
