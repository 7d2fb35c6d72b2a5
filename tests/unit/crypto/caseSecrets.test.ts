import fc from 'fast-check';
import { lib } from '../../../core/crypto/backend';
import {
  CASE_KDF_VERSIONS_TO_TRY,
  CURRENT_CASE_KDF_VERSION,
  caseSecretsForLookup,
  CaseCodeError,
  CryptoError,
  caseAuthVerifier,
  caseCodeFromBytes,
  caseSecretsFromMaster,
  cryptoReady,
  deriveCaseSecrets,
  formatCaseCode,
  generateCaseCode,
  openReportBody,
  sealReportBody,
  toB64u,
  verifyCaseAuth,
} from '../../../core/crypto';

beforeAll(cryptoReady);

const salt = Buffer.alloc(16, 0x5a).toString('base64url');

describe('case secrets (Argon2id INTERACTIVE + crypto_kdf)', () => {
  test('the same code, however typed, gives the same secrets; the reporter re-derives the DEK and reads back', () => {
    const code = generateCaseCode();
    const a = deriveCaseSecrets(code, salt);
    const b = deriveCaseSecrets(` ${formatCaseCode(code).toLowerCase().replace(/0/g, 'o')} `, salt);
    expect(b.caseToken).toBe(a.caseToken);
    expect(b.authSecret).toEqual(a.authSecret);
    expect(b.reporterKeyPair.publicKey).toEqual(a.reporterKeyPair.publicKey);
    expect(b.dek).toEqual(a.dek);
    const envelope = sealReportBody(a.dek, a.caseToken, 'what happened');
    expect(new TextDecoder().decode(openReportBody(b.dek, b.caseToken, envelope))).toBe('what happened');
  });

  test('other code or other deployment salt gives unrelated secrets', () => {
    const code = generateCaseCode();
    const a = deriveCaseSecrets(code, salt);
    const otherCode = deriveCaseSecrets(generateCaseCode(), salt);
    const otherSalt = deriveCaseSecrets(code, toB64u(new Uint8Array(16).fill(1)));
    for (const other of [otherCode, otherSalt]) {
      expect(other.caseToken).not.toBe(a.caseToken);
      expect(toB64u(other.dek)).not.toBe(toB64u(a.dek));
      expect(toB64u(other.authSecret)).not.toBe(toB64u(a.authSecret));
    }
  });

  test('the four sub-keys are distinct and the reporter key pair is a valid X25519 pair', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (master) => {
        const s = caseSecretsFromMaster(master);
        const values = [s.caseToken, toB64u(s.authSecret), toB64u(s.dek), toB64u(s.reporterKeyPair.secretKey)];
        expect(new Set(values).size).toBe(4);
        expect(s.caseToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(s.reporterKeyPair.publicKey.length).toBe(32);
      }),
      { numRuns: 100 },
    );
  });

  test('a typo is refused before Argon2 runs; a bad salt is refused', () => {
    const code = caseCodeFromBytes(new Uint8Array(10).fill(7));
    const typo = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
    // Watched through the backend rather than timed: a timing bound is flaky on a busy machine.
    const argon = jest.spyOn(lib(), 'argon2id');
    try {
      expect(() => deriveCaseSecrets(typo, salt)).toThrow(CaseCodeError);
      expect(() => deriveCaseSecrets(code, 'short')).toThrow(CryptoError);
      expect(argon).not.toHaveBeenCalled();
    } finally {
      argon.mockRestore();
    }
  });

  test('server-side verifier accepts only the right authSecret', () => {
    const { authSecret } = deriveCaseSecrets(generateCaseCode(), salt);
    const verifier = caseAuthVerifier(authSecret);
    expect(verifyCaseAuth(toB64u(authSecret), verifier)).toBe(true);
    const wrong = authSecret.slice();
    wrong[0] ^= 1;
    expect(verifyCaseAuth(toB64u(wrong), verifier)).toBe(false);
    expect(verifyCaseAuth('garbage!', verifier)).toBe(false);
  });
});

describe('case-code KDF versions and the lookup candidates', () => {
  test('new cases use version 2; opening tries 2 then 1; an unknown version is refused', () => {
    expect(CURRENT_CASE_KDF_VERSION).toBe(2);
    expect(CASE_KDF_VERSIONS_TO_TRY).toEqual([2, 1]);
    const code = generateCaseCode();
    expect(deriveCaseSecrets(code, salt).caseToken).toBe(deriveCaseSecrets(code, salt, 2).caseToken);
    expect(() => deriveCaseSecrets(code, salt, 3 as never)).toThrow(CryptoError);
  });

  test('caseSecretsForLookup derives lazily, newest first, each version once, equal to deriveCaseSecrets', () => {
    const argon = jest.spyOn(lib(), 'argon2id');
    try {
      const code = generateCaseCode();
      const candidates = caseSecretsForLookup(formatCaseCode(code), salt);
      expect(candidates.map((c) => c.kdfVersion)).toEqual([2, 1]);
      expect(argon).not.toHaveBeenCalled();
      expect(candidates[0].secrets().caseToken).toBe(deriveCaseSecrets(code, salt, 2).caseToken);
      candidates[0].secrets();
      expect(argon.mock.calls.map((call) => call[4])).toEqual([8 * 1024 * 1024, 8 * 1024 * 1024]); // one for the candidate, one for the comparison
      expect(candidates[1].secrets().caseToken).toBe(deriveCaseSecrets(code, salt, 1).caseToken);
      expect(argon.mock.calls.filter((call) => call[4] === 64 * 1024 * 1024)).toHaveLength(2);
    } finally {
      argon.mockRestore();
    }
  });

  test('a typo or a bad salt is refused at once, before any derivation', () => {
    const argon = jest.spyOn(lib(), 'argon2id');
    try {
      const code = caseCodeFromBytes(new Uint8Array(10).fill(7));
      expect(() => caseSecretsForLookup((code[0] === 'A' ? 'B' : 'A') + code.slice(1), salt)).toThrow(CaseCodeError);
      expect(() => caseSecretsForLookup(code, 'short')).toThrow(CryptoError);
      expect(argon).not.toHaveBeenCalled();
    } finally {
      argon.mockRestore();
    }
  });
});
