import { aeadOpen, aeadSeal, associatedData, type Envelope } from './aead';
import { fromB64u, toB64u, utf8 } from './encoding';
import { CryptoError } from './errors';
import { ARGON2ID, KDF, SALT_BYTES, argon2id, randomBytes, subkey } from './kdf';

/** Argon2id parameters stored in a key file so the passphrase key can be re-derived. */
export interface PassphraseKdf {
  alg: 'argon2id13';
  opsLimit: number;
  memLimit: number;
  /** 16 bytes, base64url; one salt per key directory so the key is derived once for many files. */
  salt: string;
}

/** The key that encrypts the custodian's key files; derived from the passphrase, never stored. */
export type CustodianKey = Uint8Array & { readonly __brand: 'CustodianKey' };

/** Fresh parameters for a new key directory: Argon2id MODERATE and a random salt. */
export function newPassphraseKdf(): PassphraseKdf {
  return { alg: 'argon2id13', ...ARGON2ID.MODERATE, salt: toB64u(randomBytes(SALT_BYTES)) };
}

/**
 * Passphrase → custodian key: Argon2id(passphrase, salt, stored cost), then crypto_kdf context
 * "cc-keys1" id 1. Costs below MODERATE or above 4 GiB are refused (no downgrade by file edit).
 */
export function deriveCustodianKey(passphrase: string, kdf: PassphraseKdf): CustodianKey {
  if (kdf?.alg !== 'argon2id13') throw new CryptoError('bad_input', 'unsupported key-file KDF');
  const { opsLimit, memLimit } = kdf;
  if (!Number.isInteger(opsLimit) || !Number.isInteger(memLimit) || opsLimit < ARGON2ID.MODERATE.opsLimit || memLimit < ARGON2ID.MODERATE.memLimit || opsLimit > 10 || memLimit > 2 ** 32) {
    throw new CryptoError('bad_input', 'key-file KDF cost out of the accepted range');
  }
  const master = argon2id(utf8(passphrase.normalize('NFC')), fromB64u(kdf.salt, SALT_BYTES, 'KDF salt'), { opsLimit, memLimit });
  return subkey(master, KDF.custodian.keyFileKey, KDF.custodian.context) as CustodianKey;
}

/**
 * A key file's secret: XChaCha20-Poly1305 under the custodian key; associated data binds the
 * file's kind, id, generation and public key. Only the passphrase holder can decrypt.
 * `nonce` FOR VECTORS ONLY.
 */
export function encryptKeyFileSecret(key: CustodianKey, secret: Uint8Array, binding: readonly string[], nonce?: Uint8Array): Envelope {
  return aeadSeal(key, secret, associatedData(['key-file', ...binding]), null, nonce);
}

/** Decrypts a key file's secret; a wrong passphrase (or an edited file) → CryptoError('decrypt_failed'). */
export function decryptKeyFileSecret(key: CustodianKey, envelope: Envelope, binding: readonly string[]): Uint8Array {
  return aeadOpen(key, envelope, associatedData(['key-file', ...binding]), null);
}
