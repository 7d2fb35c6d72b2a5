import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cryptoBackend, cryptoReady, type BackendName } from '../../../core/crypto';
import vectorFile from '../../vectors/crypto-vectors.json';
import { operations, runVectors, type VectorFile } from '../../vectors/operations';

/**
 * The vectors (written by libsodium) reproduce byte for byte in both backends. The same vectors
 * run in Chromium, with and without WebAssembly (tests/e2e/cryptoVectorsInChromium.test.ts).
 * The JavaScript backend's full run happens in a plain Node child (tests/vectors/runInNode.ts):
 * jest's vm context makes @noble's Argon2id ~25× slower than any real browser or server.
 */
async function vectorsInChildNode(backend: BackendName): Promise<{ backend: string; checked: number; failures: string[] }> {
  const script = join(__dirname, '../../vectors/runInNode.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, backend], { maxBuffer: 16 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

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
    const result = backend === 'libsodium' ? { backend: cryptoBackend(), ...(await runVectors(file)) } : await vectorsInChildNode(backend);
    expect(result.backend).toBe(backend);
    expect(result.failures).toEqual([]);
    expect(result.checked).toBe(file.vectors.length);
    // The JavaScript backend runs four Argon2id MODERATE (256 MiB) derivations: ~30 s quiet.
  }, 600_000);
});
