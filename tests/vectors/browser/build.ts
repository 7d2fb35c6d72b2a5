/** Builds the vectors page with vite's JavaScript API (run in its own process: vite is ESM-only, jest is CommonJS). */
import path from 'node:path';
import { build } from 'vite';

// The config is TypeScript with ESM syntax in a CommonJS package, which vite's default loader handles.
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';

build({ configFile: path.join(__dirname, 'vite.config.ts') }).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
