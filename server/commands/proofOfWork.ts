import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createPowChallenge, verifyPow } from '../../core/crypto/proofOfWork';
import { forbidden, unavailable } from '../../core/errors';

export type PowPurpose = 'submit' | 'status';
export type PowChallenge = { challengeId: string; challenge: string; difficulty: number; expiresAt: string };

const key = (prefix: string, challengeId: string) => `${prefix}:pow:${challengeId}`;

/**
 * Issues a single-use proof-of-work challenge, kept in Redis with a TTL. Nothing about the
 * requester is stored: abuse control costs the client CPU time, not its identity.
 */
export async function issuePowChallenge(redis: Redis, prefix: string, purpose: PowPurpose, difficulty: number, ttlSeconds: number): Promise<PowChallenge> {
  const challengeId = randomBytes(16).toString('base64url');
  const { challenge } = createPowChallenge(difficulty);
  try {
    await redis.set(key(prefix, challengeId), `${purpose}|${difficulty}|${challenge}`, 'EX', ttlSeconds);
  } catch {
    throw unavailable('queue_unavailable', 'The service is busy; try again shortly.');
  }
  return { challengeId, challenge, difficulty, expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString() };
}

/**
 * Redeems a challenge: GETDEL makes it single use even under concurrent replays, then the
 * nonce is checked against the difficulty fixed when it was issued.
 */
export async function redeemPowChallenge(redis: Redis, prefix: string, purpose: PowPurpose, proof: { challengeId: string; nonce: string }): Promise<void> {
  let stored: string | null;
  try {
    stored = await redis.getdel(key(prefix, proof.challengeId));
  } catch {
    throw unavailable('queue_unavailable', 'The service is busy; try again shortly.');
  }
  if (!stored) throw forbidden('pow_unknown', 'The proof-of-work challenge is unknown, expired or already used; ask for a new one.');
  const [storedPurpose, difficulty, challenge] = stored.split('|');
  if (storedPurpose !== purpose) throw forbidden('pow_wrong_purpose', 'The proof-of-work challenge was issued for another purpose.');
  if (!verifyPow({ challenge, difficulty: Number(difficulty) }, proof.nonce)) {
    throw forbidden('pow_invalid', 'The proof of work does not meet the difficulty.');
  }
}
