import { cryptoReady, generateInvestigatorKeys, generateRecoveryKey, lockInvestigatorKeys, passwordKeysFromMaster, unlockWithPassword } from '../../../core/crypto';
import { atRestKeyId, isAtRestEnvelope, openAtRest, sealAtRest } from '../../../core/crypto/atRest';
import { randomBytes } from '../../../core/crypto/kdf';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'none';
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('at-rest wrap of a browser-made envelope (keysByPassword)', () => {
  beforeAll(() => cryptoReady());

  it('round-trips for its owner only, under its key only, and hides the inner blob', () => {
    // Argon2id is not what is tested here: a random master stands for the password's.
    const pk = passwordKeysFromMaster(randomBytes(32));
    const keys = generateInvestigatorKeys();
    const locked = lockInvestigatorKeys(keys, pk.encKey, generateRecoveryKey().bytes);
    const key = randomBytes(32);
    const wrapped = sealAtRest(key, locked.byPassword, 'keysByPassword', 'inv-1');
    expect(isAtRestEnvelope(wrapped)).toBe(true);
    expect(isAtRestEnvelope(locked.byPassword)).toBe(false);
    expect(wrapped.kid).toBe(atRestKeyId(key));
    expect(wrapped.ct).not.toContain(locked.byPassword.ct);
    expect(openAtRest(key, wrapped, 'keysByPassword', 'inv-1')).toEqual(locked.byPassword);
    expect(unlockWithPassword({ ...locked, byPassword: openAtRest(key, wrapped, 'keysByPassword', 'inv-1') }, pk.encKey).box.publicKey).toEqual(keys.box.publicKey);
    expect(codeOf(() => openAtRest(key, wrapped, 'keysByPassword', 'inv-2'))).toBe('decrypt_failed');
    expect(codeOf(() => openAtRest(randomBytes(32), wrapped, 'keysByPassword', 'inv-1'))).toBe('bad_key');
    expect(codeOf(() => openAtRest(key, { ...wrapped, ct: `${wrapped.ct.slice(0, -2)}AA` }, 'keysByPassword', 'inv-1'))).toBe('decrypt_failed');
    // The password alone opens nothing stored.
    expect(codeOf(() => unlockWithPassword({ ...locked, byPassword: { v: 1, alg: wrapped.alg, nonce: wrapped.nonce, ct: wrapped.ct } }, pk.encKey))).toBe('decrypt_failed');
  });
});
