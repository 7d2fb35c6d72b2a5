/**
 * core/crypto figures in Node, per backend: libsodium (WebAssembly), the JavaScript backend
 * (@noble) with JIT, and the JavaScript backend in a child `node --jitless` (no JIT, no
 * WebAssembly: the stand-in for Tor Browser "Safer"). Then libsodium's figures for investigators
 * (Argon2id MODERATE, envelopes, attachments).
 * Run: npx tsx bench/crypto.bench.ts [fileMiB]   — prints figures, asserts nothing.
 */
import { execFile } from 'node:child_process';
import { cryptoReady, type BackendName } from '../core/crypto';
import { formatBackendFigures, measureBackend, measureCrypto, type BackendFigures } from './cryptoMeasures';

const CHILD_FLAG = '--child-figures';

async function childFigures(backend: BackendName): Promise<void> {
  // Under --jitless Node has no WebAssembly, so libsodium's start rejects unseen (core/crypto
  // uses the JavaScript backend instead); that one rejection must not end this process.
  process.on('unhandledRejection', (reason) => {
    if (!(reason instanceof ReferenceError && /WebAssembly/.test(reason.message))) throw reason;
  });
  await cryptoReady({ backend });
  process.stdout.write(JSON.stringify(measureBackend({ argonRuns: 1 })) + '\n');
}

function jitlessFigures(): Promise<BackendFigures> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--jitless', '--import', 'tsx', __filename, CHILD_FLAG, 'javascript'], { timeout: 600_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`jitless child failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!));
    });
  });
}

async function main() {
  if (process.argv[2] === CHILD_FLAG) return childFigures(process.argv[3] as BackendName);
  const fileMiB = Number(process.argv[2] ?? 64);
  console.log(`core/crypto in Node ${process.version} (${process.arch})`);
  for (const backend of ['libsodium', 'javascript'] as const) {
    await cryptoReady({ backend });
    console.log(formatBackendFigures(`${backend} backend, with JIT (Argon2id v2: median of 3)`, measureBackend({ argonRuns: backend === 'libsodium' ? 3 : 1 })));
  }
  console.log(formatBackendFigures('javascript backend, node --jitless (no JIT, no WebAssembly: the "Safer" stand-in)', await jitlessFigures()));

  await cryptoReady({ backend: 'libsodium' });
  const f = await measureCrypto({ fileMiB, argonRuns: 3 });
  console.log('libsodium backend, investigators and custodian');
  console.log(`  Argon2id MODERATE (3 ops, 256 MiB)     ${f.argon2idModerateMs.toFixed(0)} ms  (median of 2)`);
  console.log(`  envelope seal, 4 KiB                   ${f.seal4KiBPerSecond.toFixed(0)} ops/s`);
  console.log(`  envelope open, 4 KiB                   ${f.open4KiBPerSecond.toFixed(0)} ops/s`);
  console.log(`  attachment encrypt (${f.fileMiB} MiB stream)   ${f.fileEncryptMiBPerSecond.toFixed(0)} MiB/s`);
  console.log(`  attachment decrypt (${f.fileMiB} MiB stream)   ${f.fileDecryptMiBPerSecond.toFixed(0)} MiB/s`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
