import fc from 'fast-check';
import { CryptoError, bytesEqual, cryptoReady, fromB64u, toB64u } from '../../../core/crypto';
import { fromCrockford, toCrockford } from '../../../core/crypto/encoding';

beforeAll(cryptoReady);

describe('encodings', () => {
  test('base64url round trip, no padding, URL-safe alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toB64u(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(fromB64u(text)).toEqual(bytes);
      }),
    );
    expect(() => fromB64u('a+b/')).toThrow(CryptoError);
    expect(() => fromB64u('AAAA', 2)).toThrow(/must be 2 bytes/);
  });

  test('Crockford base32 round trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }).chain((n) => fc.uint8Array({ minLength: n * 5, maxLength: n * 5 })), (bytes) => {
        expect(fromCrockford(toCrockford(bytes))).toEqual(bytes);
      }),
    );
  });

  test('bytesEqual is length-aware', () => {
    expect(bytesEqual(new Uint8Array([1]), new Uint8Array([1, 2]))).toBe(false);
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
  });
});
