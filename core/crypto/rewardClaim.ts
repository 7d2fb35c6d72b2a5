/**
 * Reward claims: a reporter proves authorship of a case without giving up the case code. The
 * statement is signed (Ed25519, crypto_sign_detached) with the reporter signing key that the
 * case code derives (caseSecrets.ts, sub-key id 5); the case stores only its public key. Anyone
 * holding the claim can check the signature offline; only the code's holder can make one.
 * A claim opens nothing: it carries no token, no auth secret and no key to the case.
 * Specification (exact bytes): docs/crypto.md §Reward claims.
 */
import { canonicalJson } from '../canonicalJson';
import { fromB64u, toB64u, utf8 } from './encoding';
import { keyIdOf } from './keys';
import { CryptoError, rethrowIfNotReady } from './errors';
import { lib } from './backend';
import type { SigningKeyPair } from './types';

export const REWARD_CLAIM_FORMAT = 'cc-reward-claim/1';
/** Domain separation: the signed bytes start with this line, so no other signature of the key can pass as a claim. */
export const REWARD_CLAIM_CONTEXT = 'ClearChannel reward claim v1\n';
const MAX_CLAIMANT_CHARS = 200;

/** What the reporter states. `claimant`: the name or IIN the reporter chooses to give (may be empty). */
export type RewardClaimStatement = {
  format: typeof REWARD_CLAIM_FORMAT;
  /** The policy's deploymentId: a claim of one deployment is not one of another. */
  deploymentId: string;
  /** keyIdOf(reporter signing public key): the reference investigators find the case by. */
  caseRef: string;
  /** The day the claim was made, YYYY-MM-DD. */
  date: string;
  claimant: string;
};

/** A signed claim as the reporter hands it over (a small JSON file or text). */
export type RewardClaim = { statement: RewardClaimStatement; publicKey: string; signature: string };

/** The exact bytes signed: the context line, then the canonical JSON of the statement, in UTF-8. */
export function rewardClaimBytes(statement: RewardClaimStatement): Uint8Array {
  return utf8(REWARD_CLAIM_CONTEXT + canonicalJson(statement));
}

/** The reference a case's reporter signing public key (base64url) is known by in claims and the console. */
export function rewardClaimRef(publicKeyB64u: string): string {
  return keyIdOf(publicKeyB64u);
}

/** Signs a statement with the case's reporter signing key (in the reporter's browser). */
export function signRewardClaim(keyPair: SigningKeyPair, input: { deploymentId: string; date: string; claimant: string }): RewardClaim {
  const claimant = input.claimant.trim();
  if (claimant.length > MAX_CLAIMANT_CHARS) throw new CryptoError('bad_input', `claimant must be at most ${MAX_CLAIMANT_CHARS} characters`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) throw new CryptoError('bad_input', 'date must be YYYY-MM-DD');
  const publicKey = toB64u(keyPair.publicKey);
  const statement: RewardClaimStatement = { format: REWARD_CLAIM_FORMAT, deploymentId: input.deploymentId, caseRef: rewardClaimRef(publicKey), date: input.date, claimant };
  return { statement, publicKey, signature: toB64u(lib().signDetached(rewardClaimBytes(statement), keyPair.secretKey)) };
}

/** Why a claim does not verify, or null if it does. Never throws on malformed input. */
export function rewardClaimProblem(claim: unknown): null | 'shape' | 'reference' | 'signature' {
  try {
    if (!isClaimShape(claim)) return 'shape';
    if (rewardClaimRef(claim.publicKey) !== claim.statement.caseRef) return 'reference';
    const ok = lib().signVerifyDetached(fromB64u(claim.signature, 64, 'signature'), rewardClaimBytes(claim.statement), fromB64u(claim.publicKey, 32, 'public key'));
    return ok ? null : 'signature';
  } catch (error) {
    rethrowIfNotReady(error);
    return 'shape';
  }
}

/** Does the claim verify AND was it made with this case's stored reporter signing key? */
export function verifyRewardClaim(claim: unknown, expectedPublicKeyB64u?: string): claim is RewardClaim {
  if (rewardClaimProblem(claim) !== null) return false;
  return expectedPublicKeyB64u === undefined || (claim as RewardClaim).publicKey === expectedPublicKeyB64u;
}

function isClaimShape(value: unknown): value is RewardClaim {
  const c = value as RewardClaim;
  if (!c || typeof c !== 'object' || typeof c.publicKey !== 'string' || typeof c.signature !== 'string') return false;
  const s = c.statement as Record<string, unknown>;
  if (!s || typeof s !== 'object') return false;
  const keys = Object.keys(s).sort().join(',');
  return (
    keys === 'caseRef,claimant,date,deploymentId,format' &&
    s.format === REWARD_CLAIM_FORMAT &&
    typeof s.deploymentId === 'string' &&
    typeof s.caseRef === 'string' &&
    typeof s.date === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(s.date) &&
    typeof s.claimant === 'string' &&
    s.claimant.length <= MAX_CLAIMANT_CHARS
  );
}
