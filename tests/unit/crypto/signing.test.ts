import fc from 'fast-check';
import { cryptoReady, generateSigningKeyPair, keyIdOf, rootKeyId, signCanonical, toB64u, verifyCanonical } from '../../../core/crypto';
import { flipBitB64u } from './helpers';

beforeAll(cryptoReady);

const json = fc.jsonValue().filter((v) => v !== undefined);

describe('Ed25519 over canonical JSON', () => {
  const pair = () => generateSigningKeyPair();

  test('round trip; key order does not matter; signature is 64 bytes base64url', () => {
    const keys = pair();
    const pk = toB64u(keys.publicKey);
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), (value) => {
        const signature = signCanonical(value, keys.secretKey);
        expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(verifyCanonical(reversed, signature, pk)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  test('a changed value, a flipped signature bit or another key fails (false, never a throw)', () => {
    const keys = pair();
    const other = toB64u(pair().publicKey);
    const pk = toB64u(keys.publicKey);
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json, { minKeys: 1 }), fc.nat(511), (value, bit) => {
        const signature = signCanonical(value, keys.secretKey);
        expect(verifyCanonical({ ...value, ['\u0000extra']: 1 }, signature, pk)).toBe(false);
        expect(verifyCanonical(value, flipBitB64u(signature, bit), pk)).toBe(false);
        expect(verifyCanonical(value, signature, other)).toBe(false);
      }),
      { numRuns: 100 },
    );
    expect(verifyCanonical({}, 'not base64!', pk)).toBe(false);
    expect(verifyCanonical({}, signCanonical({}, keys.secretKey), 'short')).toBe(false);
  });

  test('key id is the first 16 bytes of BLAKE2b-256(public key), 22 characters', () => {
    const keys = pair();
    const id = keyIdOf(keys.publicKey);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(rootKeyId(toB64u(keys.publicKey))).toBe(id);
    expect(keyIdOf(pair().publicKey)).not.toBe(id);
  });
});
