import fc from 'fast-check';
import { CryptoError, createPowChallenge, cryptoReady, leadingZeroBits, powHash, solvePow, toB64u, verifyPow } from '../../../core/crypto';

beforeAll(cryptoReady);

describe('proof of work (BLAKE2b-256 leading zero bits)', () => {
  test('leadingZeroBits counts from the most significant bit of byte 0', () => {
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x01]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array([0, 0x20]))).toBe(10);
    expect(leadingZeroBits(new Uint8Array(4))).toBe(32);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 8 }), (bytes) => {
        const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
        const expected = bits.indexOf('1') === -1 ? bits.length : bits.indexOf('1');
        expect(leadingZeroBits(bytes)).toBe(expected);
      }),
    );
  });

  test('solve then verify, for several difficulties; a wrong nonce or higher difficulty fails', async () => {
    for (const difficulty of [0, 1, 4, 8, 12, 14]) {
      const challenge = createPowChallenge(difficulty);
      const solution = await solvePow(challenge);
      expect(verifyPow(challenge, solution.nonce)).toBe(true);
      expect(leadingZeroBits(powHash(challenge.challenge, solution.nonce))).toBeGreaterThanOrEqual(difficulty);
      const bigger = { ...challenge, difficulty: leadingZeroBits(powHash(challenge.challenge, solution.nonce)) + 1 };
      expect(verifyPow(bigger, solution.nonce)).toBe(false);
      expect(verifyPow({ ...createPowChallenge(difficulty), difficulty: 20 }, solution.nonce)).toBe(false);
    }
  });

  test('malformed input verifies as false', () => {
    const challenge = createPowChallenge(4);
    expect(verifyPow(challenge, 'xx')).toBe(false);
    expect(verifyPow({ ...challenge, challenge: 'short' }, toB64u(new Uint8Array(8)))).toBe(false);
    expect(verifyPow({ ...challenge, difficulty: -1 }, toB64u(new Uint8Array(8)))).toBe(false);
    expect(verifyPow({ ...challenge, difficulty: 1.5 }, toB64u(new Uint8Array(8)))).toBe(false);
  });

  test('progress is reported and abort stops the search', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const solving = solvePow(createPowChallenge(32), {
      signal: controller.signal,
      onProgress: (attempts) => {
        seen.push(attempts);
        if (seen.length === 2) controller.abort();
      },
    });
    await expect(solving).rejects.toBeInstanceOf(CryptoError);
    await expect(solving).rejects.toMatchObject({ code: 'pow_aborted' });
    expect(seen[1]).toBeGreaterThan(seen[0]);
  });
});
