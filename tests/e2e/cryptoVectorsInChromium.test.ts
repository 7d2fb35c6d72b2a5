import vectorFile from '../vectors/crypto-vectors.json';
import { buildVectorsBundle, openInChromium, serveDirectory, type ChromiumOptions } from '../vectors/browser/harness';

/** Investigator and custodian derivations (Argon2id MODERATE, 256 MiB): several minutes each without JIT, never run at a reporter's "Safer" level. */
const MODERATE_OPS = ['password.derive', 'keyFile.encrypt'];

/**
 * The crypto vectors (written by libsodium) in real Chromium: vite bundles core/crypto exactly
 * as for the client, the page runs under a CSP that allows only its own scripts and WebAssembly,
 * and every vector must reproduce byte for byte, as in Node (tests/unit/crypto/vectors.test.ts).
 * Three launches: Standard (libsodium's WebAssembly); WebAssembly deleted (JavaScript backend,
 * every vector); and the "Safer" stand-in, jitless with WebAssembly deleted (JavaScript backend,
 * every vector but the two MODERATE derivations, which the run before covers with the same code).
 */
const runs: Array<{ name: string; options: ChromiumOptions; backend: string; skipOps: string[] }> = [
  { name: 'Standard', options: {}, backend: 'libsodium', skipOps: [] },
  { name: 'WebAssembly deleted', options: { noWebAssembly: true }, backend: 'javascript', skipOps: [] },
  { name: '"Safer" stand-in: jitless, WebAssembly deleted', options: { jitless: true, noWebAssembly: true }, backend: 'javascript', skipOps: MODERATE_OPS },
];

let bundle: Promise<string> | undefined;

describe.each(runs)('crypto vectors in headless Chromium, $name', ({ options, backend, skipOps }) => {
  let served: Awaited<ReturnType<typeof serveDirectory>>;
  let browser: Awaited<ReturnType<typeof openInChromium>>;

  beforeAll(async () => {
    served = await serveDirectory(await (bundle ??= buildVectorsBundle()));
    browser = await openInChromium(served.url, options);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  test(`the page chose the ${backend} backend`, async () => {
    expect(await browser.page.evaluate(() => ({ backend: document.body.dataset.backend, wasm: typeof WebAssembly }))).toEqual({
      backend,
      wasm: backend === 'libsodium' ? 'object' : 'undefined',
    });
  });

  test('every vector passes and all of them were checked', async () => {
    const result = await browser.page.evaluate((ops) => window.runCryptoVectors({ skipOps: ops }), skipOps);
    expect(result.failures).toEqual([]);
    expect(result.total).toBe(vectorFile.vectors.length);
    expect(result.skipped).toEqual(vectorFile.vectors.filter((v) => skipOps.includes(v.op)).map((v) => v.name));
    expect(result.checked + result.skipped.length).toBe(vectorFile.vectors.length);
    expect(browser.errors).toEqual([]);
  }, 1_800_000);
});
