import { CryptoError } from './errors';
import { lib } from './backend';

/** Argon2id cost settings (libsodium's named limits, written out so other implementations match). */
export const ARGON2ID = {
  /** Case codes of KDF version 1 (crypto_pwhash_*_INTERACTIVE). */
  INTERACTIVE: { opsLimit: 2, memLimit: 64 * 1024 * 1024 },
  /** Case codes of KDF version 2: one pass over 8 MiB, ~1–2 s without WebAssembly or JIT (docs/crypto.md §Case-code KDF v2). */
  CASE_CODE_V2: { opsLimit: 1, memLimit: 8 * 1024 * 1024 },
  /** Investigator passwords and the custodian's passphrase. */
  MODERATE: { opsLimit: 3, memLimit: 256 * 1024 * 1024 },
} as const;
export interface Argon2Cost {
  opsLimit: number;
  memLimit: number;
}

/** Argon2id salt length (crypto_pwhash_SALTBYTES). */
export const SALT_BYTES = 16;

/** crypto_kdf_derive_from_key contexts (exactly 8 bytes) and sub-key ids. */
export const KDF = {
  /**
   * master = Argon2id INTERACTIVE(case code) → the reporter's secrets (case-code KDF version 1).
   * Id 5 (the Ed25519 seed of reward claims) was added later: ids 1–4 and their outputs are unchanged.
   */
  case: { context: 'cc-case1', caseToken: 1, authSecret: 2, reporterBoxSeed: 3, dek: 4, reporterSignSeed: 5 },
  /** master = Argon2id CASE_CODE_V2(case code) → the same sub-keys (case-code KDF version 2). */
  caseV2: { context: 'cc-case2', caseToken: 1, authSecret: 2, reporterBoxSeed: 3, dek: 4, reporterSignSeed: 5 },
  /** DEK → one key per kind of case content. */
  dek: { context: 'cc-dek-1', body: 1, messages: 2, files: 3, fileMeta: 4 },
  /** pmaster = Argon2id(password) → what an investigator's browser needs. */
  password: { context: 'cc-pass1', authKey: 1, encKey: 2 },
  /** Custodian passphrase master → the key that encrypts key files. */
  custodian: { context: 'cc-keys1', keyFileKey: 1 },
} as const;

/** Argon2id (crypto_pwhash, ALG_ARGON2ID13) → 32 bytes. Blocks for the cost's duration. */
export function argon2id(password: Uint8Array, salt: Uint8Array, cost: Argon2Cost): Uint8Array {
  if (salt.length !== SALT_BYTES) throw new CryptoError('bad_input', `Argon2id salt must be ${SALT_BYTES} bytes`);
  return lib().argon2id(32, password, salt, cost.opsLimit, cost.memLimit);
}

/** BLAKE2b-based crypto_kdf_derive_from_key → a 32-byte sub-key. */
export function subkey(master: Uint8Array, id: number, context: string): Uint8Array {
  if (master.length !== 32) throw new CryptoError('bad_key', 'KDF master key must be 32 bytes');
  return lib().kdfDerive(32, id, context, master);
}

/** BLAKE2b (crypto_generichash) with an optional key. */
export function blake2b(length: number, message: Uint8Array, key: Uint8Array | null = null): Uint8Array {
  return lib().generichash(length, message, key);
}

/** 32 bytes from the CSPRNG. */
export function randomKey(): Uint8Array {
  return lib().randomBytes(32);
}

/** n bytes from the CSPRNG. */
export function randomBytes(n: number): Uint8Array {
  return lib().randomBytes(n);
}
