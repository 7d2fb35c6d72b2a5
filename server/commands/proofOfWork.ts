import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { verifyPow } from '../../core/crypto/proofOfWork';
import { forbidden, unavailable } from '../../core/errors';
import { countAcceptedProof, type PowPurpose } from './powDifficulty';

export type { PowPurpose };
export type PowChallenge = { challengeId: string; challenge: string; difficulty: number; expiresAt: string };
export type PowTokenSettings = { key: Uint8Array; prefix: string; ttlSeconds: number };

/** Byte 1 of a token; the order is part of the token format, so only append. */
const PURPOSES: readonly PowPurpose[] = ['submit', 'status', 'message'];
const TOKEN_VERSION = 1;
const HEADER_BYTES = 7; // version, purpose, difficulty, expiry (uint32 seconds, big-endian)
const RANDOM_BYTES = 16;
const MAC_BYTES = 32;
const TOKEN_BYTES = HEADER_BYTES + RANDOM_BYTES + MAC_BYTES;

const macOf = (key: Uint8Array, signed: Uint8Array) => createHmac('sha256', key).update(signed).digest();
const spentKey = (prefix: string, random: Buffer) => `${prefix}:pow:spent:${random.toString('base64url')}`;

/**
 * Issues a proof-of-work challenge WITHOUT storing anything: the challenge id is a token
 * (version, purpose, difficulty, expiry, 16 random bytes) signed with HMAC-SHA256 under a key
 * derived from SERVER_SECRET, and the 32 bytes to work on are that MAC, so nobody can compute
 * them ahead of the server. A flood of challenge requests costs the server one HMAC each and
 * Redis nothing (issue 13: 3,000 requests used to leave 3,000 keys in the Redis BullMQ needs).
 */
export function issuePowChallenge(settings: PowTokenSettings, purpose: PowPurpose, difficulty: number, now = Date.now()): PowChallenge {
  const expiresAtSeconds = Math.floor(now / 1000) + settings.ttlSeconds;
  const signed = Buffer.alloc(HEADER_BYTES + RANDOM_BYTES);
  signed.writeUInt8(TOKEN_VERSION, 0);
  signed.writeUInt8(PURPOSES.indexOf(purpose), 1);
  signed.writeUInt8(difficulty, 2);
  signed.writeUInt32BE(expiresAtSeconds, 3);
  randomBytes(RANDOM_BYTES).copy(signed, HEADER_BYTES);
  const mac = macOf(settings.key, signed);
  return {
    challengeId: Buffer.concat([signed, mac]).toString('base64url'),
    challenge: mac.toString('base64url'),
    difficulty,
    expiresAt: new Date(expiresAtSeconds * 1000).toISOString(),
  };
}

const unknownChallenge = () => forbidden('pow_unknown', 'The proof-of-work challenge is unknown, expired or already used; ask for a new one.');

/**
 * Redeems a challenge. Everything that can be checked without Redis is checked first (the MAC,
 * the purpose, the expiry, the nonce), so a forged, expired, other-purpose or unsolved proof is
 * refused without writing anything. Only a good proof writes its spent marker, with SET NX (single
 * use even under concurrent replays) and an expiry at the challenge's own: after that the token
 * is refused as expired anyway, so the marker can go.
 */
export async function redeemPowChallenge(
  redis: Redis,
  settings: PowTokenSettings,
  purpose: PowPurpose,
  proof: { challengeId: string; nonce: string },
  now = Date.now(),
  /**
   * What the proof pays for (a submission's hash): the spent marker keeps it, and the same proof
   * sent again for the SAME thing (a retried request) passes once more without counting again;
   * for anything else it stays a replay.
   */
  boundTo?: string,
): Promise<void> {
  const token = Buffer.from(proof.challengeId, 'base64url');
  if (token.length !== TOKEN_BYTES || token[0] !== TOKEN_VERSION) throw unknownChallenge();
  const signed = token.subarray(0, HEADER_BYTES + RANDOM_BYTES);
  const mac = token.subarray(HEADER_BYTES + RANDOM_BYTES);
  if (!timingSafeEqual(mac, macOf(settings.key, signed))) throw unknownChallenge();
  if (PURPOSES[token[1]] !== purpose) throw forbidden('pow_wrong_purpose', 'The proof-of-work challenge was issued for another purpose.');
  const remainingMs = token.readUInt32BE(3) * 1000 - now;
  if (remainingMs <= 0) throw unknownChallenge();
  if (!verifyPow({ challenge: mac.toString('base64url'), difficulty: token[2] }, proof.nonce)) {
    throw forbidden('pow_invalid', 'The proof of work does not meet the difficulty.');
  }
  const marker = spentKey(settings.prefix, token.subarray(HEADER_BYTES, HEADER_BYTES + RANDOM_BYTES));
  // Keyed, never the submission hash itself: that hash is stored with the case, and the marker's
  // expiry follows the challenge's issue time, so a plain copy would let someone holding a Redis
  // and a database dump date the report to the second. Without SERVER_SECRET they cannot link them.
  const spentValue = boundTo ? macOf(settings.key, Buffer.from(`bound:${boundTo}`)).toString('base64url') : '1';
  let fresh: string | null;
  let spentFor: string | null = null;
  try {
    fresh = await redis.set(marker, spentValue, 'PX', remainingMs, 'NX');
    if (fresh !== 'OK' && boundTo) spentFor = await redis.get(marker);
  } catch {
    throw unavailable('queue_unavailable', 'The service is busy; try again shortly.');
  }
  if (fresh !== 'OK') {
    if (boundTo && spentFor === spentValue) return; // the same request again
    throw unknownChallenge();
  }
  await countAcceptedProof(redis, settings.prefix, now);
}
