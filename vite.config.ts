import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the built site works from any sub-path of any static host.
  base: './',
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
  },
});
