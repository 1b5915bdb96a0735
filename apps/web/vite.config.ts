import { defineConfig } from 'vite';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The API serves dist/ with long-lived caching for /assets only; everything else is revalidated.
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: true,
  },
});
