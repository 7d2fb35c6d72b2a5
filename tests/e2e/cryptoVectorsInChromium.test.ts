import vectorFile from '../vectors/crypto-vectors.json';
import { buildVectorsBundle, openInChromium, serveDirectory } from '../vectors/browser/harness';

/**
 * The crypto vectors in real Chromium: vite bundles core/crypto exactly as for the client, the
 * page runs under a CSP that allows only its own scripts and WebAssembly, and every vector must
 * reproduce byte for byte, as it does in Node (tests/unit/crypto/vectors.test.ts).
 */
describe('crypto vectors in headless Chromium', () => {
  let served: Awaited<ReturnType<typeof serveDirectory>>;
  let browser: Awaited<ReturnType<typeof openInChromium>>;

  beforeAll(async () => {
    served = await serveDirectory(await buildVectorsBundle());
    browser = await openInChromium(served.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  test('every vector passes and all of them were checked', async () => {
    const result = await browser.page.evaluate(() => window.runCryptoVectors());
    expect(result.failures).toEqual([]);
    expect(result.checked).toBe(vectorFile.vectors.length);
    expect(result.total).toBe(vectorFile.vectors.length);
    expect(browser.errors).toEqual([]);
  }, 120_000);
});
