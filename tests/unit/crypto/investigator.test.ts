import fc from 'fast-check';
import {
  CryptoError,
  authKeyVerifier,
  cryptoReady,
  decoySaltForUnknownUser,
  derivePasswordKeys,
  generateBoxKeyPair,
  generateInvestigatorKeys,
  generateRecoveryKey,
  grantUnitKey,
  lockInvestigatorKeys,
  newPasswordSalt,
  openUnitKeyGrant,
  parseRecoveryKey,
  passwordKeysFromMaster,
  recoveryKeyFromBytes,
  relockWithNewPassword,
  toB64u,
  unlockWithPassword,
  unlockWithRecoveryKey,
  verifyAuthKey,
} from '../../../core/crypto';
import { CROCKFORD_ALPHABET } from '../../../core/crypto/encoding';
import { flipBitB64u } from './helpers';

beforeAll(cryptoReady);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return (error as CryptoError).code;
  }
  return undefined;
}

describe('investigator key material', () => {
  test('password → authKey + encKey (Argon2id MODERATE); deterministic per salt; unlocks the keys; wrong password fails', () => {
    const salt = newPasswordSalt();
    const p1 = derivePasswordKeys('correct horse battery staple', salt);
    const p2 = derivePasswordKeys('correct horse battery staple', salt);
    const wrong = derivePasswordKeys('correct horse battery stapl', salt);
    expect(p1.authKey).toEqual(p2.authKey);
    expect(toB64u(p1.authKey)).not.toBe(toB64u(p1.encKey));
    const keys = generateInvestigatorKeys();
    const recovery = generateRecoveryKey();
    const locked = lockInvestigatorKeys(keys, p1.encKey, recovery.bytes);
    const unlocked = unlockWithPassword(locked, p2.encKey);
    expect(unlocked.box.secretKey).toEqual(keys.box.secretKey);
    expect(unlocked.sign.secretKey).toEqual(keys.sign.secretKey);
    expect(codeOf(() => unlockWithPassword(locked, wrong.encKey))).toBe('decrypt_failed');
  });

  test('the KDF step separates authKey from encKey for any master', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (master) => {
        const { authKey, encKey } = passwordKeysFromMaster(master);
        expect(toB64u(authKey)).not.toBe(toB64u(encKey));
      }),
    );
  });

  test('recovery key: display groups, typo detection, unlock, relock after a password reset', () => {
    const keys = generateInvestigatorKeys();
    const recovery = generateRecoveryKey();
    expect(recovery.display).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){8}[0-9A-HJKMNP-TV-Z]$/);
    expect(parseRecoveryKey(recovery.display.toLowerCase().replace(/-/g, ' '))).toEqual(recovery.bytes);
    const encKey = new Uint8Array(32).fill(1);
    const locked = lockInvestigatorKeys(keys, encKey, recovery.bytes);
    const viaRecovery = unlockWithRecoveryKey(locked, recovery.display);
    expect(viaRecovery.box.secretKey).toEqual(keys.box.secretKey);
    expect(codeOf(() => unlockWithRecoveryKey(locked, generateRecoveryKey().display))).toBe('decrypt_failed');
    const newEncKey = new Uint8Array(32).fill(2);
    const relocked = relockWithNewPassword(locked, viaRecovery, newEncKey);
    expect(unlockWithPassword(relocked, newEncKey).sign.publicKey).toEqual(keys.sign.publicKey);
    expect(codeOf(() => unlockWithPassword(relocked, encKey))).toBe('decrypt_failed');
  });

  test('every single-symbol typo in a recovery key is caught', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.nat(31), fc.nat(31), (bytes, position, symbolIndex) => {
        const shown = recoveryKeyFromBytes(bytes).display.replace(/-/g, '');
        const symbol = CROCKFORD_ALPHABET[symbolIndex];
        fc.pre(shown[position] !== symbol);
        const typo = shown.slice(0, position) + symbol + shown.slice(position + 1);
        expect(codeOf(() => parseRecoveryKey(typo))).toBe('bad_recovery_key');
      }),
      { numRuns: 300 },
    );
  });

  test('locked blobs: any flipped bit, or swapping public keys, fails', () => {
    const keys = generateInvestigatorKeys();
    const encKey = new Uint8Array(32).fill(3);
    const locked = lockInvestigatorKeys(keys, encKey, generateRecoveryKey().bytes);
    fc.assert(
      fc.property(fc.nat(), (bit) => {
        expect(codeOf(() => unlockWithPassword({ ...locked, byPassword: { ...locked.byPassword, ct: flipBitB64u(locked.byPassword.ct, bit) } }, encKey))).toBe('decrypt_failed');
      }),
      { numRuns: 100 },
    );
    const other = generateInvestigatorKeys();
    expect(codeOf(() => unlockWithPassword({ ...locked, boxPublicKey: toB64u(other.box.publicKey) }, encKey))).toBe('decrypt_failed');
  });

  test('auth verifier: keyed BLAKE2b with the pepper, constant-time comparison', () => {
    const pepper = new Uint8Array(32).fill(9);
    const authKey = new Uint8Array(32).fill(4);
    const verifier = authKeyVerifier(authKey, pepper);
    expect(verifyAuthKey(toB64u(authKey), verifier, pepper)).toBe(true);
    expect(verifyAuthKey(toB64u(new Uint8Array(32).fill(5)), verifier, pepper)).toBe(false);
    expect(verifyAuthKey(toB64u(authKey), verifier, new Uint8Array(32).fill(8))).toBe(false);
    expect(verifyAuthKey('x', verifier, pepper)).toBe(false);
  });

  test('decoy salt for unknown users is stable per name and looks like a real salt', () => {
    const secret = new Uint8Array(32).fill(6);
    const a = decoySaltForUnknownUser('nobody', secret);
    expect(a).toBe(decoySaltForUnknownUser('nobody', secret));
    expect(a).not.toBe(decoySaltForUnknownUser('somebody', secret));
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newPasswordSalt()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  test('a member opens a unit key granted to their X25519 key', () => {
    const member = generateInvestigatorKeys();
    const unit = generateBoxKeyPair();
    expect(openUnitKeyGrant(grantUnitKey(unit.secretKey, member.box.publicKey), member.box, unit.publicKey).secretKey).toEqual(unit.secretKey);
  });
});
