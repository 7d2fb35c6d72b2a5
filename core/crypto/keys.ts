import { fromB64u, toB64u } from './encoding';
import { CryptoError } from './errors';
import { blake2b } from './kdf';
import { lib } from './backend';
import type { BoxKeyPair, KeyId, SigningKeyPair } from './types';

/** A new X25519 key pair (crypto_box_keypair) for a unit, a reporter or an investigator. */
export function generateBoxKeyPair(): BoxKeyPair {
  return lib().boxKeyPair();
}

/** The X25519 key pair of a 32-byte secret key (public = scalarmult_base(secret)). */
export function boxKeyPairFromSecretKey(secretKey: Uint8Array): BoxKeyPair {
  if (secretKey.length !== 32) throw new CryptoError('bad_key', 'X25519 secret key must be 32 bytes');
  return { publicKey: lib().scalarMultBase(secretKey), secretKey: secretKey.slice() };
}

/** A new Ed25519 key pair (crypto_sign_keypair). */
export function generateSigningKeyPair(): SigningKeyPair {
  return lib().signKeyPair();
}

/** The Ed25519 key pair of a 32-byte seed (crypto_sign_seed_keypair). */
export function signingKeyPairFromSeed(seed: Uint8Array): SigningKeyPair {
  if (seed.length !== 32) throw new CryptoError('bad_key', 'Ed25519 seed must be 32 bytes');
  return lib().signSeedKeyPair(seed);
}

/** The 32-byte seed inside a 64-byte Ed25519 secret key. */
export function signingSeedOf(secretKey: Uint8Array): Uint8Array {
  if (secretKey.length !== 64) throw new CryptoError('bad_key', 'Ed25519 secret key must be 64 bytes');
  return secretKey.slice(0, 32);
}

/** Key id: the first 16 bytes of BLAKE2b-256(public key), base64url (22 characters). */
export function keyIdOf(publicKey: Uint8Array | string): KeyId {
  const bytes = typeof publicKey === 'string' ? fromB64u(publicKey, 32, 'public key') : publicKey;
  if (bytes.length !== 32) throw new CryptoError('bad_key', 'public key must be 32 bytes');
  return toB64u(blake2b(32, bytes).slice(0, 16)) as KeyId;
}
