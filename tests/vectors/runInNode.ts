/**
 * Runs every crypto vector in a plain Node process with the backend named on the command line
 * and prints `{ backend, checked, failures }` as JSON. tests/unit/crypto/vectors.test.ts runs the
 * JavaScript backend through this: inside jest's vm context every global lookup in @noble's hot
 * loops (Math.imul in Argon2id) goes through the context's interceptors, measured ~25× slower
 * (Argon2id 64 MiB: 0.85 s in Node, 22 s under jest), which no browser or server ever pays.
 * Usage: node --import tsx tests/vectors/runInNode.ts libsodium|javascript
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cryptoBackend, cryptoReady, type BackendName } from '../../core/crypto';
import { runVectors, type VectorFile } from './operations';

async function main(): Promise<void> {
  const backend = process.argv[2] as BackendName;
  if (backend !== 'libsodium' && backend !== 'javascript') throw new Error('usage: runInNode.ts libsodium|javascript');
  await cryptoReady({ backend });
  const file = JSON.parse(readFileSync(join(__dirname, 'crypto-vectors.json'), 'utf8')) as VectorFile;
  const { checked, failures } = await runVectors(file);
  process.stdout.write(JSON.stringify({ backend: cryptoBackend(), checked, failures }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
