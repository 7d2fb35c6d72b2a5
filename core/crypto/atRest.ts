/**
 * A server-side layer around a ciphertext the browser made (an investigator's keys locked under
 * the password): XChaCha20-Poly1305 under a key derived from SERVER_SECRET, which never goes into
 * the database. A database dump then holds no ciphertext that a password guess can be tested
 * against: the outer layer must be opened first, and only the server holding the secret can.
 * The inner envelope travels as its canonical JSON; the associated data binds the purpose and
 * the owner's id, so a wrapped blob copied to another account does not open.
 */
import { canonicalJson } from '../canonicalJson';
import { aeadOpen, aeadSeal, associatedData, type Envelope } from './aead';
import { fromUtf8, toB64u, utf8 } from './encoding';
import { CryptoError } from './errors';
import { blake2b } from './kdf';

/** A wrapped envelope as stored: version 2 marks the server layer; `kid` names the key that made it. */
export interface AtRestEnvelope {
  v: 2;
  alg: 'xchacha20poly1305-ietf';
  nonce: string;
  ct: string;
  /** atRestKeyId of the wrapping key: tells "wrong SERVER_SECRET" from "damaged data". */
  kid: string;
}

/** Key id of an at-rest key: BLAKE2b-128 keyed by it over a fixed label, base64url. Reveals nothing of the key. */
export function atRestKeyId(key: Uint8Array): string {
  if (key.length !== 32) throw new CryptoError('bad_key', 'at-rest key must be 32 bytes');
  return toB64u(blake2b(16, utf8('cc-at-rest-key-id/1'), key));
}

/** True for a stored blob carrying the server layer (false for a bare browser envelope, v 1). */
export function isAtRestEnvelope(value: unknown): value is AtRestEnvelope {
  return typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 2;
}

/** Wraps a browser-made envelope under the server's at-rest key (XChaCha20-Poly1305, random nonce). */
export function sealAtRest(key: Uint8Array, inner: Envelope, purpose: string, ownerId: string): AtRestEnvelope {
  const outer = aeadSeal(key, utf8(canonicalJson(inner)), associatedData(['at-rest/1', purpose, ownerId]), null);
  return { v: 2, alg: outer.alg, nonce: outer.nonce, ct: outer.ct, kid: atRestKeyId(key) };
}

/**
 * Opens sealAtRest's output back to the browser's envelope. A blob made under another key →
 * CryptoError('bad_key'); altered or moved to another owner → CryptoError('decrypt_failed').
 */
export function openAtRest(key: Uint8Array, wrapped: AtRestEnvelope, purpose: string, ownerId: string): Envelope {
  if (wrapped.kid !== atRestKeyId(key)) throw new CryptoError('bad_key', 'this blob was wrapped under another server key');
  const plain = aeadOpen(key, { v: 1, alg: wrapped.alg, nonce: wrapped.nonce, ct: wrapped.ct }, associatedData(['at-rest/1', purpose, ownerId]), null);
  return JSON.parse(fromUtf8(plain)) as Envelope;
}
