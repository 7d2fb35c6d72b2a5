import { defineConfig } from 'vite';
import { resolve } from 'node:path';

const __dirname = import.meta.dirname;
import { subresourceIntegrity } from './build/subresourceIntegrity.mts';
import { pinnedRootKey } from './build/pinnedRootKey.mts';
import { minPolicyVersion } from './build/minPolicyVersion.mts';

/**
 * The browser app. Three pages (reporter portal, investigator console, public statistics) and
 * the console's attachment viewer (framed, sandboxed),
 * each an HTML entry; hashed asset names; no inline script or style; no third-party URL.
 * The deployment root public key is pinned into the bundle at build time (CC_ROOT_PUBLIC_KEY,
 * required: the build stops without it) so a database-only attacker cannot swap the policy's signer.
 */
export default defineConfig({
  root: resolve(__dirname),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { __CC_ROOT_PUBLIC_KEY__: JSON.stringify(pinnedRootKey()), __CC_MIN_POLICY_VERSION__: JSON.stringify(minPolicyVersion()) },
  build: {
    outDir: resolve(__dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        index: resolve(__dirname, 'index.html'),
        console: resolve(__dirname, 'console.html'),
        stats: resolve(__dirname, 'stats.html'),
        // The console's attachment viewer, loaded only in a sandboxed frame (client/console/attachments).
        viewer: resolve(__dirname, 'viewer.html'),
      },
    },
  },
  worker: { format: 'es' },
  plugins: [subresourceIntegrity()],
});
