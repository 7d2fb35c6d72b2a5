import { canonicalJson } from '../canonicalJson';
import { fromB64u, toB64u, utf8 } from './encoding';
import { keyIdOf } from './keys';
import type { KeyId } from './types';
import { CryptoError, rethrowIfNotReady } from './errors';
import { lib } from './backend';

/**
 * Ed25519 detached signature (crypto_sign_detached) over the UTF-8 bytes of
 * canonicalJson(value), base64url. Anyone with the public key can verify; only the key
 * holder (the custodian's root key, an investigator's key) can sign.
 */
export function signCanonical(value: unknown, secretKey: Uint8Array): string {
  if (secretKey.length !== 64) throw new CryptoError('bad_key', 'Ed25519 secret key must be 64 bytes');
  return toB64u(lib().signDetached(utf8(canonicalJson(value)), secretKey));
}

/** Verifies signCanonical's output; any malformed signature, key or value gives false, never a throw. */
export function verifyCanonical(value: unknown, signatureB64u: string, publicKeyB64u: string): boolean {
  try {
    const signature = fromB64u(signatureB64u, 64, 'signature');
    const publicKey = fromB64u(publicKeyB64u, 32, 'public key');
    return lib().signVerifyDetached(signature, utf8(canonicalJson(value)), publicKey);
  } catch (error) {
    rethrowIfNotReady(error);
    return false;
  }
}

/** Key id of the deployment root (or any Ed25519) public key given as base64url: first 16 bytes of BLAKE2b-256, base64url. */
export function rootKeyId(publicKeyB64u: string): KeyId {
  return keyIdOf(publicKeyB64u);
}
