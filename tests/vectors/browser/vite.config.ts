import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Bundles core/crypto, the vectors JSON and the bench measures into one page, served by
 * tests/vectors/browser/harness.ts under a strict CSP. Output: .data/vectors-dist (git-ignored).
 */
export default defineConfig({
  root: __dirname,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: resolve(__dirname, '../../../.data/vectors-dist'),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 8192,
  },
});
