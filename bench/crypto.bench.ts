/**
 * core/crypto figures in Node: Argon2id (INTERACTIVE for case codes, MODERATE for passwords
 * and the custodian passphrase), 4 KiB envelope seal/open per second, attachment MiB/s.
 * Run: npx tsx bench/crypto.bench.ts [fileMiB]   — prints figures, asserts nothing.
 */
import { measureCrypto } from './cryptoMeasures';

async function main() {
  const fileMiB = Number(process.argv[2] ?? 64);
  const f = await measureCrypto({ fileMiB, argonRuns: 3 });
  console.log(`core/crypto in Node ${process.version} (${process.arch})`);
  console.log(`  Argon2id INTERACTIVE (2 ops, 64 MiB)   ${f.argon2idInteractiveMs.toFixed(0)} ms  (median of 3)`);
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
