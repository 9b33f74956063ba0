import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  // Relative asset URLs: the built site works from any sub-path of any static host.
  base: './',
  plugins: [inlineSiteTheme()],
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
  },
});
