import { aeadOpen, aeadSeal, associatedData, type Envelope } from './aead';
import {
  CROCKFORD_ALPHABET,
  CROCKFORD_CHECK_ALPHABET,
  bytesEqual,
  concatBytes,
  crockfordCheckValue,
  fromB64u,
  fromCrockford,
  normaliseCrockfordInput,
  toB64u,
  toCrockford,
  utf8,
} from './encoding';
import { CryptoError, rethrowIfNotReady } from './errors';
import { ARGON2ID, KDF, SALT_BYTES, argon2id, blake2b, randomBytes, subkey } from './kdf';
import { boxKeyPairFromSecretKey, generateBoxKeyPair, generateSigningKeyPair, signingKeyPairFromSeed, signingSeedOf } from './keys';
import type { BoxKeyPair, SigningKeyPair } from './types';

/** An investigator's long-term keys: X25519 for receiving unit-key grants, Ed25519 for signing actions. */
export interface InvestigatorKeys {
  box: BoxKeyPair;
  sign: SigningKeyPair;
}

/** What the password yields: authKey is sent to the server, encKey never leaves the browser. */
export interface PasswordKeys {
  authKey: Uint8Array;
  encKey: Uint8Array;
}

/** The private keys as the server stores them: opaque, openable by password or by recovery key. */
export interface LockedInvestigatorKeys {
  v: 1;
  boxPublicKey: string;
  signPublicKey: string;
  byPassword: Envelope;
  byRecovery: Envelope;
}

/** A recovery key: 160 random bits, shown once as Crockford base32 groups with a check symbol. */
export interface RecoveryKey {
  bytes: Uint8Array;
  display: string;
}

const RECOVERY_BYTES = 20;
const RECOVERY_SYMBOLS = 32;
// Keyed BLAKE2b with a public, fixed 16-byte key: a domain-separated hash of the recovery bytes.
const RECOVERY_HASH_KEY = utf8('cc-recovery-key1');

/** New X25519 + Ed25519 key pairs, generated in the investigator's browser at activation. */
export function generateInvestigatorKeys(): InvestigatorKeys {
  return { box: generateBoxKeyPair(), sign: generateSigningKeyPair() };
}

/** A fresh per-user Argon2id salt (16 bytes, base64url), chosen at activation and stored by the server. */
export function newPasswordSalt(): string {
  return toB64u(randomBytes(SALT_BYTES));
}

/**
 * Password → {authKey, encKey}: pmaster = Argon2id MODERATE(password, salt), then crypto_kdf
 * context "cc-pass1" ids 1 and 2. Blocks for about a second (256 MiB).
 */
export function derivePasswordKeys(password: string, saltB64u: string): PasswordKeys {
  if (typeof password !== 'string' || password.length === 0) throw new CryptoError('bad_input', 'password must not be empty');
  const salt = fromB64u(saltB64u, SALT_BYTES, 'password salt');
  return passwordKeysFromMaster(argon2id(utf8(password), salt, ARGON2ID.MODERATE));
}

/** The KDF step of derivePasswordKeys (exported for vectors). */
export function passwordKeysFromMaster(pmaster: Uint8Array): PasswordKeys {
  const { context, authKey, encKey } = KDF.password;
  return { authKey: subkey(pmaster, authKey, context), encKey: subkey(pmaster, encKey, context) };
}

/**
 * Server side: the salt to hand out for an unknown user name, so that names cannot be
 * enumerated: BLAKE2b-128 keyed with a server secret (16..64 bytes) over the UTF-8 name.
 */
export function decoySaltForUnknownUser(userName: string, serverSecret: Uint8Array): string {
  return toB64u(blake2b(SALT_BYTES, utf8(userName.normalize('NFC')), serverSecret));
}

/** Server side: what to store for an authKey — BLAKE2b-256 keyed with the server pepper, base64url. */
export function authKeyVerifier(authKey: Uint8Array, pepper: Uint8Array): string {
  if (authKey.length !== 32) throw new CryptoError('bad_key', 'authKey must be 32 bytes');
  return toB64u(blake2b(32, authKey, pepper));
}

/** Server side: does the presented authKey (base64url) match the stored verifier? Constant-time (sodium.memcmp). */
export function verifyAuthKey(presentedAuthKeyB64u: string, storedVerifierB64u: string, pepper: Uint8Array): boolean {
  try {
    const presented = blake2b(32, fromB64u(presentedAuthKeyB64u, 32), pepper);
    return bytesEqual(presented, fromB64u(storedVerifierB64u, 32));
  } catch (error) {
    rethrowIfNotReady(error);
    return false;
  }
}

/** A new recovery key; redrawn until its check symbol is a letter or digit (as for case codes). */
export function generateRecoveryKey(): RecoveryKey {
  for (;;) {
    const key = recoveryKeyFromBytes(randomBytes(RECOVERY_BYTES));
    if (CROCKFORD_ALPHABET.includes(key.display.slice(-1))) return key;
  }
}

/** FOR VECTORS AND TESTS: the recovery key of given 20 bytes. */
export function recoveryKeyFromBytes(bytes: Uint8Array): RecoveryKey {
  if (bytes.length !== RECOVERY_BYTES) throw new CryptoError('bad_input', 'recovery key holds 20 bytes');
  const data = toCrockford(bytes);
  const groups = data.match(/.{4}/g) ?? [];
  return { bytes: bytes.slice(), display: `${groups.join('-')}-${CROCKFORD_CHECK_ALPHABET[crockfordCheckValue(data)]}` };
}

/** Reads a typed recovery key (same normalisation as case codes); typos → CryptoError('bad_recovery_key'). */
export function parseRecoveryKey(input: string): Uint8Array {
  const text = normaliseCrockfordInput(input);
  const data = text.slice(0, RECOVERY_SYMBOLS);
  if (text.length !== RECOVERY_SYMBOLS + 1 || [...data].some((c) => !CROCKFORD_ALPHABET.includes(c))) {
    throw new CryptoError('bad_recovery_key', `a recovery key has ${RECOVERY_SYMBOLS + 1} letters and digits`);
  }
  if (CROCKFORD_CHECK_ALPHABET[crockfordCheckValue(data)] !== text[RECOVERY_SYMBOLS]) {
    throw new CryptoError('bad_recovery_key', 'this recovery key contains a typing mistake');
  }
  return fromCrockford(data);
}

function recoveryEncKey(recoveryBytes: Uint8Array): Uint8Array {
  return blake2b(32, recoveryBytes, RECOVERY_HASH_KEY);
}

const lockAd = (method: 'password' | 'recovery', boxPublicKey: string, signPublicKey: string) =>
  associatedData(['investigator-keys', method, boxPublicKey, signPublicKey]);

const secretsOf = (keys: InvestigatorKeys) => concatBytes(keys.box.secretKey, signingSeedOf(keys.sign.secretKey));

/**
 * Encrypts the private keys twice — under encKey and under the recovery key — with
 * XChaCha20-Poly1305 (plaintext: X25519 secret || Ed25519 seed). Only the password or the
 * recovery key holder can open it. `nonces` FOR VECTORS ONLY.
 */
export function lockInvestigatorKeys(
  keys: InvestigatorKeys,
  encKey: Uint8Array,
  recoveryKeyBytes: Uint8Array,
  nonces?: { password: Uint8Array; recovery: Uint8Array },
): LockedInvestigatorKeys {
  const boxPublicKey = toB64u(keys.box.publicKey);
  const signPublicKey = toB64u(keys.sign.publicKey);
  const secrets = secretsOf(keys);
  return {
    v: 1,
    boxPublicKey,
    signPublicKey,
    byPassword: aeadSeal(encKey, secrets, lockAd('password', boxPublicKey, signPublicKey), null, nonces?.password),
    byRecovery: aeadSeal(recoveryEncKey(recoveryKeyBytes), secrets, lockAd('recovery', boxPublicKey, signPublicKey), null, nonces?.recovery),
  };
}

/** After a password change (or a recovery): re-encrypts the private keys under the new encKey. */
export function relockWithNewPassword(locked: LockedInvestigatorKeys, keys: InvestigatorKeys, newEncKey: Uint8Array, nonce?: Uint8Array): LockedInvestigatorKeys {
  const ad = lockAd('password', locked.boxPublicKey, locked.signPublicKey);
  return { ...locked, byPassword: aeadSeal(newEncKey, secretsOf(keys), ad, null, nonce) };
}

function openLocked(locked: LockedInvestigatorKeys, method: 'password' | 'recovery', key: Uint8Array): InvestigatorKeys {
  const envelope = method === 'password' ? locked.byPassword : locked.byRecovery;
  const secrets = aeadOpen(key, envelope, lockAd(method, locked.boxPublicKey, locked.signPublicKey), null);
  if (secrets.length !== 64) throw new CryptoError('decrypt_failed', 'locked keys have the wrong length');
  const keys = { box: boxKeyPairFromSecretKey(secrets.slice(0, 32)), sign: signingKeyPairFromSeed(secrets.slice(32)) };
  if (toB64u(keys.box.publicKey) !== locked.boxPublicKey || toB64u(keys.sign.publicKey) !== locked.signPublicKey) {
    throw new CryptoError('decrypt_failed', 'locked keys do not match their public keys');
  }
  return keys;
}

/** Opens the private keys with encKey (from derivePasswordKeys); wrong password → CryptoError('decrypt_failed'). */
export function unlockWithPassword(locked: LockedInvestigatorKeys, encKey: Uint8Array): InvestigatorKeys {
  return openLocked(locked, 'password', encKey);
}

/** Opens the private keys with the typed recovery key; typo → 'bad_recovery_key', wrong key → 'decrypt_failed'. */
export function unlockWithRecoveryKey(locked: LockedInvestigatorKeys, recoveryKey: string | Uint8Array): InvestigatorKeys {
  const bytes = typeof recoveryKey === 'string' ? parseRecoveryKey(recoveryKey) : recoveryKey;
  return openLocked(locked, 'recovery', recoveryEncKey(bytes));
}
