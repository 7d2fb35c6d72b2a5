import { bytesEqual, concatBytes, fromB64u, toB64u } from './encoding';
import { CryptoError } from './errors';
import { blake2b } from './kdf';
import { boxKeyPairFromSecretKey, keyIdOf } from './keys';
import { lib } from './backend';
import type { BoxKeyPair, CaseSideKey, Dek, KeyId } from './types';

/** What a wrapped key is for; sealed inside the box so one kind cannot be passed off as another. */
export type WrapPurpose = 'dek' | 'identity' | 'notes' | 'unit-key';
const PURPOSE_BYTE: Record<WrapPurpose, number> = { dek: 1, identity: 2, notes: 3, 'unit-key': 4 };

/** A 32-byte key sealed to one X25519 public key. */
export interface KeyWrap {
  v: 1;
  alg: 'x25519-sealedbox';
  purpose: WrapPurpose;
  /** keyIdOf(recipient public key): lets the holder find the right key generation. */
  recipientKeyId: KeyId;
  /** crypto_box_seal(0x01 || purpose byte || key) = 48 + 34 = 82 bytes, base64url. */
  sealed: string;
}

export const WRAP_VERSION = 1;
const SEALED_BYTES = 32 + 16 + 2 + 32;

/**
 * crypto_box_seal. With `ephemeralSecretKey` (FOR VECTORS ONLY) it performs the same
 * construction deterministically: epk || crypto_box_easy(m, BLAKE2b-192(epk || pk), pk, esk).
 */
export function sealToPublicKey(message: Uint8Array, recipientPublicKey: Uint8Array, ephemeralSecretKey?: Uint8Array): Uint8Array {
  const s = lib();
  if (recipientPublicKey.length !== 32) throw new CryptoError('bad_key', 'X25519 public key must be 32 bytes');
  if (!ephemeralSecretKey) return s.boxSeal(message, recipientPublicKey);
  const epk = s.scalarMultBase(ephemeralSecretKey);
  const nonce = blake2b(24, concatBytes(epk, recipientPublicKey));
  return concatBytes(epk, s.boxEasy(message, nonce, recipientPublicKey, ephemeralSecretKey));
}

/** crypto_box_seal_open; failure → CryptoError('unwrap_failed'). */
export function openSealed(sealed: Uint8Array, recipient: BoxKeyPair): Uint8Array {
  const opened = lib().boxSealOpen(sealed, recipient.publicKey, recipient.secretKey);
  if (!opened) throw new CryptoError('unwrap_failed', 'cannot open sealed box: not for this key, or altered');
  return opened;
}

function wrapKey(purpose: WrapPurpose, key: Uint8Array, recipientPublicKey: Uint8Array, ephemeralSecretKey?: Uint8Array): KeyWrap {
  if (key.length !== 32) throw new CryptoError('bad_key', 'wrapped key must be 32 bytes');
  const message = concatBytes(new Uint8Array([WRAP_VERSION, PURPOSE_BYTE[purpose]]), key);
  const sealed = sealToPublicKey(message, recipientPublicKey, ephemeralSecretKey);
  return { v: WRAP_VERSION, alg: 'x25519-sealedbox', purpose, recipientKeyId: keyIdOf(recipientPublicKey), sealed: toB64u(sealed) };
}

function unwrapKey(purpose: WrapPurpose, wrap: KeyWrap, recipient: BoxKeyPair): Uint8Array {
  if (wrap?.v !== WRAP_VERSION || wrap.alg !== 'x25519-sealedbox') throw new CryptoError('unwrap_failed', 'unsupported key wrap');
  if (wrap.purpose !== purpose) throw new CryptoError('wrong_key_purpose', `expected a ${purpose} wrap, got ${String(wrap.purpose)}`);
  if (wrap.recipientKeyId !== keyIdOf(recipient.publicKey)) throw new CryptoError('unwrap_failed', 'this wrap is for another key');
  const message = openSealed(fromB64u(wrap.sealed, SEALED_BYTES, 'sealed key'), recipient);
  if (message[0] !== WRAP_VERSION || message[1] !== PURPOSE_BYTE[purpose]) {
    throw new CryptoError('wrong_key_purpose', `sealed key is not a ${purpose} key`);
  }
  return message.slice(2);
}

/** Seals the case DEK to a unit (or oversight) X25519 public key; that unit's key holders can open it. */
export function wrapDekForUnit(dek: Dek, unitPublicKey: Uint8Array, ephemeralSecretKey?: Uint8Array): KeyWrap {
  return wrapKey('dek', dek, unitPublicKey, ephemeralSecretKey);
}

/** Opens a DEK wrap with the unit key pair. */
export function unwrapDek(wrap: KeyWrap, unitKeyPair: BoxKeyPair): Dek {
  return unwrapKey('dek', wrap, unitKeyPair) as Dek;
}

/** Seals a confidential reporter's identity key to a unit; kept apart from DEK wraps so opening a case does not reveal it. */
export function wrapIdentityKeyForUnit(identityKey: CaseSideKey, unitPublicKey: Uint8Array, ephemeralSecretKey?: Uint8Array): KeyWrap {
  return wrapKey('identity', identityKey, unitPublicKey, ephemeralSecretKey);
}

/** Opens an identity-key wrap with the unit key pair (the audited reveal step). */
export function unwrapIdentityKey(wrap: KeyWrap, unitKeyPair: BoxKeyPair): CaseSideKey {
  return unwrapKey('identity', wrap, unitKeyPair) as CaseSideKey;
}

/** Seals a case notes key to a unit; the reporter never holds it. */
export function wrapNotesKeyForUnit(notesKey: CaseSideKey, unitPublicKey: Uint8Array, ephemeralSecretKey?: Uint8Array): KeyWrap {
  return wrapKey('notes', notesKey, unitPublicKey, ephemeralSecretKey);
}

/** Opens a notes-key wrap with the unit key pair. */
export function unwrapNotesKey(wrap: KeyWrap, unitKeyPair: BoxKeyPair): CaseSideKey {
  return unwrapKey('notes', wrap, unitKeyPair) as CaseSideKey;
}

/** Grants a unit secret key to a member: sealed box to the investigator's X25519 public key; only that investigator can open it. */
export function grantUnitKey(unitSecretKey: Uint8Array, investigatorPublicKey: Uint8Array, ephemeralSecretKey?: Uint8Array): KeyWrap {
  return wrapKey('unit-key', unitSecretKey, investigatorPublicKey, ephemeralSecretKey);
}

/**
 * Opens a unit-key grant with the investigator's key pair. With `expectedUnitPublicKey`
 * (from the signed policy) a grant of some other key is refused.
 */
export function openUnitKeyGrant(grant: KeyWrap, investigatorKeyPair: BoxKeyPair, expectedUnitPublicKey?: Uint8Array): BoxKeyPair {
  const unit = boxKeyPairFromSecretKey(unwrapKey('unit-key', grant, investigatorKeyPair));
  if (expectedUnitPublicKey && !bytesEqual(unit.publicKey, expectedUnitPublicKey)) {
    throw new CryptoError('unwrap_failed', 'granted key does not match the unit public key in the policy');
  }
  return unit;
}
