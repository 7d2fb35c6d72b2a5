import {
  CryptoError,
  cryptoReady,
  decryptKeyFileSecret,
  deriveCustodianKey,
  encryptKeyFileSecret,
  newPassphraseKdf,
} from '../../../core/crypto';

beforeAll(cryptoReady);

describe('custodian key files (Argon2id MODERATE → XChaCha20-Poly1305)', () => {
  test('round trip; wrong passphrase and other binding fail; a lowered KDF cost is refused', () => {
    const kdf = newPassphraseKdf();
    expect(kdf).toMatchObject({ alg: 'argon2id13', opsLimit: 3, memLimit: 256 * 1024 * 1024 });
    const key = deriveCustodianKey('a long custodian passphrase', kdf);
    const secret = new Uint8Array(64).fill(0xab);
    const binding = ['root', 'root', '1', 'pk'];
    const envelope = encryptKeyFileSecret(key, secret, binding);
    expect(decryptKeyFileSecret(key, envelope, binding)).toEqual(secret);
    expect(() => decryptKeyFileSecret(key, envelope, ['unit', 'x', '1', 'pk'])).toThrow(CryptoError);
    const wrong = deriveCustodianKey('a long custodian passphrasf', kdf);
    expect(() => decryptKeyFileSecret(wrong, envelope, binding)).toThrow(/cannot decrypt/);
    expect(() => deriveCustodianKey('x', { ...kdf, memLimit: 8 * 1024 * 1024 })).toThrow(/cost/);
    expect(() => deriveCustodianKey('x', { ...kdf, opsLimit: 1 })).toThrow(/cost/);
  });
});
