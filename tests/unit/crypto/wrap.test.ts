import fc from 'fast-check';
import {
  CryptoError,
  type Dek,
  type KeyWrap,
  cryptoReady,
  fromB64u,
  generateBoxKeyPair,
  generateIdentityKey,
  generateNotesKey,
  grantUnitKey,
  keyIdOf,
  openUnitKeyGrant,
  toB64u,
  unwrapDek,
  unwrapIdentityKey,
  unwrapNotesKey,
  wrapDekForUnit,
  wrapIdentityKeyForUnit,
  wrapNotesKeyForUnit,
} from '../../../core/crypto';
import { flipBitB64u } from './helpers';

beforeAll(cryptoReady);

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return (error as CryptoError).code;
  }
  return undefined;
}

describe('key wraps (sealed boxes)', () => {
  test('DEK wrap round trip; wrap names the recipient key id and has the fixed size', () => {
    fc.assert(
      fc.property(key32, (dek) => {
        const unit = generateBoxKeyPair();
        const wrap = wrapDekForUnit(dek as Dek, unit.publicKey);
        expect(wrap.recipientKeyId).toBe(keyIdOf(unit.publicKey));
        expect(fromB64u(wrap.sealed).length).toBe(82);
        expect(unwrapDek(wrap, unit)).toEqual(dek);
      }),
      { numRuns: 50 },
    );
  });

  test('identity and notes keys round trip and cannot be opened as each other or as a DEK', () => {
    const unit = generateBoxKeyPair();
    const identityKey = generateIdentityKey();
    const notesKey = generateNotesKey();
    const identityWrap = wrapIdentityKeyForUnit(identityKey, unit.publicKey);
    const notesWrap = wrapNotesKeyForUnit(notesKey, unit.publicKey);
    expect(unwrapIdentityKey(identityWrap, unit)).toEqual(identityKey);
    expect(unwrapNotesKey(notesWrap, unit)).toEqual(notesKey);
    expect(codeOf(() => unwrapDek(identityWrap, unit))).toBe('wrong_key_purpose');
    // Relabelled on the outside: the purpose byte sealed inside still refuses it.
    expect(codeOf(() => unwrapDek({ ...identityWrap, purpose: 'dek' }, unit))).toBe('wrong_key_purpose');
    expect(codeOf(() => unwrapIdentityKey({ ...notesWrap, purpose: 'identity' }, unit))).toBe('wrong_key_purpose');
  });

  test('wrong unit key pair fails', () => {
    const dek = new Uint8Array(32).fill(1) as Dek;
    const unit = generateBoxKeyPair();
    const other = generateBoxKeyPair();
    const wrap = wrapDekForUnit(dek, unit.publicKey);
    expect(codeOf(() => unwrapDek(wrap, other))).toBe('unwrap_failed');
    // Even when the outer key id is edited to point at the other key.
    expect(codeOf(() => unwrapDek({ ...wrap, recipientKeyId: keyIdOf(other.publicKey) }, other))).toBe('unwrap_failed');
  });

  test('any flipped bit in the sealed box fails', () => {
    const unit = generateBoxKeyPair();
    const wrap = wrapDekForUnit(new Uint8Array(32).fill(9) as Dek, unit.publicKey);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 82 * 8 - 1 }), (bit) => {
        const tampered: KeyWrap = { ...wrap, sealed: flipBitB64u(wrap.sealed, bit) };
        expect(['unwrap_failed', 'wrong_key_purpose']).toContain(codeOf(() => unwrapDek(tampered, unit)));
      }),
      { numRuns: 200 },
    );
  });

  test('unit key grant: the member recovers the unit key pair; a grant of another key is refused', () => {
    const unit = generateBoxKeyPair();
    const investigator = generateBoxKeyPair();
    const grant = grantUnitKey(unit.secretKey, investigator.publicKey);
    const opened = openUnitKeyGrant(grant, investigator, unit.publicKey);
    expect(toB64u(opened.publicKey)).toBe(toB64u(unit.publicKey));
    expect(opened.secretKey).toEqual(unit.secretKey);
    expect(codeOf(() => openUnitKeyGrant(grant, investigator, generateBoxKeyPair().publicKey))).toBe('unwrap_failed');
    expect(codeOf(() => openUnitKeyGrant(grant, generateBoxKeyPair()))).toBe('unwrap_failed');
  });
});
