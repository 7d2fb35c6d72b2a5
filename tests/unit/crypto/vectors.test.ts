import { cryptoReady } from '../../../core/crypto';
import vectorFile from '../../vectors/crypto-vectors.json';
import { operations, runVectors, type VectorFile } from '../../vectors/operations';

beforeAll(cryptoReady);

/** The same vectors run in Chromium (tests/e2e/cryptoVectorsInChromium.test.ts). */
describe('crypto test vectors in Node', () => {
  const file = vectorFile as unknown as VectorFile;

  test('every operation has at least one vector', () => {
    const used = new Set(file.vectors.map((v) => v.op));
    expect(Object.keys(operations).filter((op) => !used.has(op))).toEqual([]);
  });

  test('all vectors reproduce exactly', async () => {
    const { checked, failures } = await runVectors(file);
    expect(failures).toEqual([]);
    expect(checked).toBe(file.vectors.length);
  });
});
