import { parseCaseCode, type CaseCode } from './caseCode';
import { bytesEqual, fromB64u, toB64u, utf8 } from './encoding';
import { ARGON2ID, KDF, SALT_BYTES, argon2id, blake2b, subkey } from './kdf';
import { rethrowIfNotReady } from './errors';
import { lib } from './sodium';
import type { BoxKeyPair, CaseToken, Dek } from './types';

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
}

/**
 * Case code → case secrets: master = Argon2id INTERACTIVE(canonical code, deployment salt),
 * then crypto_kdf sub-keys of context "cc-case1" (1 token, 2 auth, 3 reporter seed, 4 DEK).
 * Only someone holding the code can compute them. Blocks for ~0.1–0.3 s.
 */
export function deriveCaseSecrets(code: CaseCode | string, deploymentSaltB64u: string): CaseSecrets {
  const canonical = parseCaseCode(code);
  const salt = fromB64u(deploymentSaltB64u, SALT_BYTES, 'deployment salt');
  return caseSecretsFromMaster(argon2id(utf8(canonical), salt, ARGON2ID.INTERACTIVE));
}

/** The KDF step of deriveCaseSecrets, from the Argon2id output (exported for vectors). */
export function caseSecretsFromMaster(master: Uint8Array): CaseSecrets {
  const { context, caseToken, authSecret, reporterBoxSeed, dek } = KDF.case;
  const pair = lib().crypto_box_seed_keypair(subkey(master, reporterBoxSeed, context));
  return {
    caseToken: toB64u(subkey(master, caseToken, context)) as CaseToken,
    authSecret: subkey(master, authSecret, context),
    reporterKeyPair: { publicKey: pair.publicKey, secretKey: pair.privateKey },
    dek: subkey(master, dek, context) as Dek,
  };
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
