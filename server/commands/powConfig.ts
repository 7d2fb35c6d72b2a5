import type { Env } from '../config/env';
import { unavailable } from '../../core/errors';
import { serverSubkey } from './console/serverSecrets';
import type { PowDifficultySettings } from './powDifficulty';
import type { PowTokenSettings } from './proofOfWork';

export type PowSettings = { tokens: PowTokenSettings; difficulty: PowDifficultySettings };

const cache = new WeakMap<Env, PowSettings | null>();

/**
 * The proof-of-work settings of this process: the token key (HKDF of SERVER_SECRET, label
 * 'cc-pow-token', so every API process behind a load balancer accepts the others' tokens) and the
 * difficulty bounds. Without a server secret (production misconfigured) challenges cannot be
 * signed, and the answer is a clear 503 rather than unsigned tokens.
 */
export function powSettings(env: Env): PowSettings {
  if (!cache.has(env)) {
    const key = serverSubkey(env, 'cc-pow-token');
    cache.set(
      env,
      key && {
        tokens: { key, prefix: env.QUEUE_PREFIX, ttlSeconds: env.POW_TTL_SECONDS },
        difficulty: {
          prefix: env.QUEUE_PREFIX,
          baseDifficulty: env.POW_DIFFICULTY,
          messageDifficulty: env.POW_MESSAGE_DIFFICULTY,
          maxDifficulty: env.POW_DIFFICULTY_MAX,
          loadPerMinute: env.POW_LOAD_PER_MINUTE,
        },
      },
    );
  }
  const settings = cache.get(env);
  if (!settings) throw unavailable('pow_not_configured', 'Proof-of-work challenges cannot be signed: SERVER_SECRET is missing.');
  return settings;
}
