import fc from 'fast-check';
import {
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
    const started = Date.now();
    expect(() => deriveCaseSecrets(typo, salt)).toThrow(CaseCodeError);
    expect(Date.now() - started).toBeLessThan(50);
    expect(() => deriveCaseSecrets(code, 'short')).toThrow(CryptoError);
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
