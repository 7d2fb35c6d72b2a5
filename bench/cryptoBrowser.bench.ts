/**
 * core/crypto figures in headless Chromium: the vectors page (tests/vectors/browser) is built
 * with vite, served under the app's CSP and measured twice: Standard (libsodium's WebAssembly)
 * and the "Safer" stand-in (--js-flags=--jitless, WebAssembly deleted: the JavaScript backend).
 * Run: npx tsx bench/cryptoBrowser.bench.ts [fileMiB]   — prints figures, asserts nothing.
 */
import { buildVectorsBundle, openInChromium, serveDirectory } from '../tests/vectors/browser/harness';
import { formatBackendFigures } from './cryptoMeasures';

async function main() {
  const fileMiB = Number(process.argv[2] ?? 64);
  const served = await serveDirectory(await buildVectorsBundle());
  try {
    const browser = await openInChromium(served.url);
    try {
      const version = browser.page.context().browser()?.version() ?? (await browser.page.evaluate(() => navigator.userAgent));
      console.log(`core/crypto in headless Chromium (${version})`);
      console.log(formatBackendFigures('Standard: libsodium backend', await browser.page.evaluate(() => window.benchBackend({ argonRuns: 3 }))));
      const f = await browser.page.evaluate((mib) => window.benchCrypto({ fileMiB: mib, argonRuns: 3 }), fileMiB);
      console.log(`  Argon2id MODERATE (3 ops, 256 MiB)     ${f.argon2idModerateMs.toFixed(0)} ms  (median of 2)`);
      console.log(`  envelope seal, 4 KiB                   ${f.seal4KiBPerSecond.toFixed(0)} ops/s`);
      console.log(`  envelope open, 4 KiB                   ${f.open4KiBPerSecond.toFixed(0)} ops/s`);
      console.log(`  attachment encrypt (${f.fileMiB} MiB stream)   ${f.fileEncryptMiBPerSecond.toFixed(0)} MiB/s`);
      console.log(`  attachment decrypt (${f.fileMiB} MiB stream)   ${f.fileDecryptMiBPerSecond.toFixed(0)} MiB/s`);
      if (browser.errors.length) console.log(`  page errors: ${browser.errors.join(' | ')}`);
    } finally {
      await browser.close();
    }
    const safer = await openInChromium(served.url, { jitless: true, noWebAssembly: true });
    try {
      const figures = await safer.page.evaluate(() => window.benchBackend({ argonRuns: 1 }));
      console.log(formatBackendFigures('"Safer" stand-in (jitless, WebAssembly deleted): javascript backend', figures));
      if (safer.errors.length) console.log(`  page errors: ${safer.errors.join(' | ')}`);
    } finally {
      await safer.close();
    }
  } finally {
    await served.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
