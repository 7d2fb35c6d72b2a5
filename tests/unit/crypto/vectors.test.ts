import { cryptoBackend, cryptoReady, type BackendName } from '../../../core/crypto';
import vectorFile from '../../vectors/crypto-vectors.json';
import { operations, runVectors, type VectorFile } from '../../vectors/operations';

/**
 * The vectors (written by libsodium) reproduce byte for byte in both backends. The same vectors
 * run in Chromium, with and without WebAssembly (tests/e2e/cryptoVectorsInChromium.test.ts).
 */
describe.each<BackendName>(['libsodium', 'javascript'])('crypto test vectors in Node, %s backend', (backend) => {
  const file = vectorFile as unknown as VectorFile;

  beforeAll(() => cryptoReady({ backend }));

  test('the backend asked for is the one running', () => {
    expect(cryptoBackend()).toBe(backend);
  });

  test('every operation has at least one vector', () => {
    const used = new Set(file.vectors.map((v) => v.op));
    expect(Object.keys(operations).filter((op) => !used.has(op))).toEqual([]);
  });

  test('all vectors reproduce exactly', async () => {
    const { checked, failures } = await runVectors(file);
    expect(failures).toEqual([]);
    expect(checked).toBe(file.vectors.length);
    // Generous: the JavaScript backend runs three Argon2id MODERATE (256 MiB) derivations; about
    // a minute on a quiet machine, 15 minutes measured while other suites loaded both cores.
  }, 1_800_000);
});
