import { parseCaseCode, type CaseCode } from './caseCode';
import { bytesEqual, fromB64u, toB64u, utf8 } from './encoding';
import { ARGON2ID, KDF, SALT_BYTES, argon2id, blake2b, subkey, type Argon2Cost } from './kdf';
import { CryptoError, rethrowIfNotReady } from './errors';
import { lib } from './backend';
import { signingKeyPairFromSeed } from './keys';
import type { BoxKeyPair, CaseToken, Dek, SigningKeyPair } from './types';

/** Everything a reporter's browser re-derives from the case code; nothing is stored on the device. */
export interface CaseSecrets {
  /** Sent to the server as the case's lookup key (unique index). */
  caseToken: CaseToken;
  /** Proves the reporter knows the code; the server keeps only BLAKE2b-256 of it. */
  authSecret: Uint8Array;
  /** X25519 key pair; the public key is stored with the case. */
  reporterKeyPair: BoxKeyPair;
  /** The case data key; never leaves the browser unless sealed to a unit. */
  dek: Dek;
  /**
   * Ed25519 key pair of reward claims (sub-key id 5 → crypto_sign_seed_keypair): proves
   * authorship without the code. Its public key is stored with the case; see rewardClaim.ts.
   */
  reporterSigningKeyPair: SigningKeyPair;
}

/**
 * Case-code KDF versions. 1: Argon2id 2 passes × 64 MiB, context "cc-case1" (cases made before
 * version 2). 2: Argon2id 1 pass × 8 MiB, context "cc-case2", cheap enough for browsers without
 * WebAssembly or JIT. The version is not stored anywhere: a case is found by trying them in turn.
 */
export type CaseKdfVersion = 1 | 2;

/** The version new cases are made with. */
export const CURRENT_CASE_KDF_VERSION: CaseKdfVersion = 2;

/** The order to try when opening a case by its code: newest first. */
export const CASE_KDF_VERSIONS_TO_TRY: readonly CaseKdfVersion[] = [2, 1];

const CASE_KDF: Record<CaseKdfVersion, { cost: Argon2Cost; kdf: typeof KDF.case | typeof KDF.caseV2 }> = {
  1: { cost: ARGON2ID.INTERACTIVE, kdf: KDF.case },
  2: { cost: ARGON2ID.CASE_CODE_V2, kdf: KDF.caseV2 },
};

function kdfOf(version: CaseKdfVersion) {
  const entry = CASE_KDF[version];
  if (!entry) throw new CryptoError('bad_input', `unknown case-code KDF version ${String(version)}`);
  return entry;
}

/**
 * Case code → case secrets: master = Argon2id(canonical code, deployment salt) at the version's
 * cost, then crypto_kdf sub-keys of the version's context (1 token, 2 auth, 3 reporter seed,
 * 4 DEK, 5 reporter signing seed). Only someone holding the code can compute them. Blocks: version 2 ~0.02 s with
 * libsodium, ~1–2 s without WebAssembly and JIT; version 1 ~0.1 s and ~22 s.
 */
export function deriveCaseSecrets(code: CaseCode | string, deploymentSaltB64u: string, kdfVersion: CaseKdfVersion = CURRENT_CASE_KDF_VERSION): CaseSecrets {
  const { cost } = kdfOf(kdfVersion);
  const canonical = parseCaseCode(code);
  const salt = fromB64u(deploymentSaltB64u, SALT_BYTES, 'deployment salt');
  return caseSecretsFromMaster(argon2id(utf8(canonical), salt, cost), kdfVersion);
}

/** The KDF step of deriveCaseSecrets, from the Argon2id output (exported for vectors and tests). */
export function caseSecretsFromMaster(master: Uint8Array, kdfVersion: CaseKdfVersion = CURRENT_CASE_KDF_VERSION): CaseSecrets {
  const { context, caseToken, authSecret, reporterBoxSeed, dek, reporterSignSeed } = kdfOf(kdfVersion).kdf;
  const pair = lib().boxSeedKeyPair(subkey(master, reporterBoxSeed, context));
  return {
    caseToken: toB64u(subkey(master, caseToken, context)) as CaseToken,
    authSecret: subkey(master, authSecret, context),
    reporterKeyPair: { publicKey: pair.publicKey, secretKey: pair.secretKey },
    dek: subkey(master, dek, context) as Dek,
    reporterSigningKeyPair: signingKeyPairFromSeed(subkey(master, reporterSignSeed, context)),
  };
}

/** One way a typed code may map to a case; `secrets()` runs the derivation on first call only. */
export interface CaseSecretsCandidate {
  kdfVersion: CaseKdfVersion;
  secrets: () => CaseSecrets;
}

/**
 * For looking a case up by code (the no-JavaScript status page, the portal): the candidates in
 * the order to try, newest KDF first. The code and salt are checked at once (CaseCodeError,
 * CryptoError); each Argon2id runs only when its candidate is asked, so an old case costs the
 * old derivation and a new one does not.
 */
export function caseSecretsForLookup(code: CaseCode | string, deploymentSaltB64u: string): CaseSecretsCandidate[] {
  const canonical = parseCaseCode(code);
  fromB64u(deploymentSaltB64u, SALT_BYTES, 'deployment salt');
  return CASE_KDF_VERSIONS_TO_TRY.map((kdfVersion) => {
    let derived: CaseSecrets | undefined;
    return { kdfVersion, secrets: () => (derived ??= deriveCaseSecrets(canonical, deploymentSaltB64u, kdfVersion)) };
  });
}

/** What the server stores to check a reporter: BLAKE2b-256(authSecret), base64url. */
export function caseAuthVerifier(authSecret: Uint8Array): string {
  return toB64u(blake2b(32, authSecret));
}

/** Server side: does a presented authSecret (base64url) match the stored verifier? Constant time. */
export function verifyCaseAuth(authSecretB64u: string, storedVerifierB64u: string): boolean {
  try {
    const presented = blake2b(32, fromB64u(authSecretB64u, 32));
    return bytesEqual(presented, fromB64u(storedVerifierB64u, 32));
  } catch (error) {
    rethrowIfNotReady(error);
    return false;
  }
}
