/**
 * Proof-of-work tokens (server/commands/proofOfWork.ts): how fast challenges are issued and
 * redeemed in-process, and how many Redis keys each leaves.
 *
 *   source .data/services.env && npx tsx bench/powTokens.bench.ts [challenges]
 *
 * Issues `challenges` tokens (HMAC only, nothing stored), then solves and redeems 1,000 of them at
 * difficulty 0 against the real Redis (one spent marker and a counter increment each). Prints the
 * rates and the key counts under a scratch prefix, then deletes those keys.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { cryptoReady, solvePow } from '../core/crypto';
import { issuePowChallenge, redeemPowChallenge } from '../server/commands/proofOfWork';
import { currentPowDifficulty } from '../server/commands/powDifficulty';
import { REDIS_URL, uniqueName } from '../tests/support/testEnv';

const COUNT = Number(process.argv[2] ?? 100_000);

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

async function main() {
  await cryptoReady();
  const redis = new Redis(REDIS_URL);
  const prefix = uniqueName('powbench');
  const tokens = { key: randomBytes(32), prefix, ttlSeconds: 300 };
  const difficulty = { prefix, baseDifficulty: 0, messageDifficulty: 0, maxDifficulty: 0, loadPerMinute: 1_000_000 };

  let t0 = performance.now();
  for (let i = 0; i < COUNT; i++) issuePowChallenge(tokens, 'submit', 16);
  let seconds = (performance.now() - t0) / 1000;
  console.log(`issue: ${COUNT} challenges in ${seconds.toFixed(2)} s = ${Math.round(COUNT / seconds)}/s; Redis keys: ${(await keysUnder(redis, prefix)).length}`);

  t0 = performance.now();
  for (let i = 0; i < 1000; i++) await currentPowDifficulty(redis, difficulty, 'submit');
  seconds = (performance.now() - t0) / 1000;
  console.log(`difficulty for a challenge (rate read from Redis at most once a second): ${Math.round(1000 / seconds)}/s`);

  const redeemable = await Promise.all(
    Array.from({ length: 1000 }, async () => {
      const c = issuePowChallenge(tokens, 'status', 0);
      return { challengeId: c.challengeId, nonce: (await solvePow({ challenge: c.challenge, difficulty: 0 })).nonce };
    }),
  );
  t0 = performance.now();
  for (const proof of redeemable) await redeemPowChallenge(redis, tokens, 'status', proof);
  seconds = (performance.now() - t0) / 1000;
  const keys = await keysUnder(redis, prefix);
  console.log(`redeem: 1000 proofs in ${seconds.toFixed(2)} s = ${Math.round(1000 / seconds)}/s; Redis keys: ${keys.length} (spent markers ${keys.filter((k) => k.includes(':spent:')).length})`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
