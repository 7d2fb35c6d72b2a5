import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { rateLimited, unavailable } from '../../../core/errors';

/**
 * Slower answers after failed logins, without storing who tried: failures are counted per user
 * name (known or not, so the answers have the same shape) in Redis under an HMAC of the name,
 * with a window that restarts at each failure. Each attempt is counted before it is checked. No address, no user agent, nothing per client.
 */
export const THROTTLE = {
  windowSeconds: 15 * 60,
  /** Failures answered at full speed. */
  freeFailures: 3,
  /** Failures after which every attempt is refused until the window ends. */
  lockAfter: 10,
  firstDelayMs: 500,
  maxDelayMs: 8000,
};

/**
 * Counts an attempt and answers the new count with the key's remaining seconds, in one step, so
 * parallel attempts each see their own number. The window restarts only for attempts still
 * allowed: refused ones do not prolong a lockout.
 */
const COUNT_ATTEMPT = `
local n = redis.call('INCR', KEYS[1])
if n <= tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('TTL', KEYS[1])}`;

export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly key: Uint8Array,
    private readonly sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  private redisKey(username: string): string {
    return throttleRedisKey(this.prefix, this.key, username);
  }

  /** Counts one attempt atomically (before it is decided) and answers [attempt number, seconds left]. */
  private async count(username: string): Promise<[number, number]> {
    try {
      const [n, ttl] = (await this.redis.eval(COUNT_ATTEMPT, 1, this.redisKey(username), THROTTLE.windowSeconds, THROTTLE.lockAfter)) as [number, number];
      return [Number(n), Number(ttl)];
    } catch {
      throw unavailable('throttle_unavailable', 'The service is busy; try again shortly.');
    }
  }

  /**
   * Call before checking credentials. The attempt is counted as a failure at once (atomically,
   * so a parallel burst cannot slip past the check) and forgiven by succeeded(). Refuses once
   * lockAfter attempts failed in the window, else waits the delay the earlier failures earned.
   */
  async before(username: string): Promise<void> {
    const [attempt, ttl] = await this.count(username);
    const earlier = attempt - 1;
    if (earlier >= THROTTLE.lockAfter) {
      throw rateLimited('login_locked', `Too many failed sign-ins for this name; try again in ${Math.ceil(Math.max(ttl, 1) / 60)} minutes.`);
    }
    if (earlier >= THROTTLE.freeFailures) {
      await this.sleep(Math.min(THROTTLE.firstDelayMs * 2 ** (earlier - THROTTLE.freeFailures), THROTTLE.maxDelayMs));
    }
  }

  /** Counts a failure of a step that does not call before() (recovery finish). */
  async failed(username: string): Promise<void> {
    await this.count(username).catch(() => undefined);
  }

  async succeeded(username: string): Promise<void> {
    await this.redis.del(this.redisKey(username)).catch(() => undefined);
  }
}

/** The Redis key counting a name's failures: an HMAC, so Redis never holds the name. */
export function throttleRedisKey(prefix: string, key: Uint8Array, username: string): string {
  const digest = createHmac('sha256', key).update(username.normalize('NFC').toLowerCase()).digest('base64url');
  return `${prefix}:console:fail:${digest}`;
}
