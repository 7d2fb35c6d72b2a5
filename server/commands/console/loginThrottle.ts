import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { rateLimited, unavailable } from '../../../core/errors';

/**
 * Slower answers after failed logins, without storing who tried: failures are counted per user
 * name (known or not, so the answers have the same shape) in Redis under an HMAC of the name,
 * with a window that restarts at each failure. No address, no user agent, nothing per client.
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

  /** Call before checking credentials: refuses during a lockout, else waits the delay the failures earned. */
  async before(username: string): Promise<void> {
    let failures: number;
    let ttl: number;
    try {
      const key = this.redisKey(username);
      [failures, ttl] = await Promise.all([this.redis.get(key).then(Number), this.redis.ttl(key)]);
    } catch {
      throw unavailable('throttle_unavailable', 'The service is busy; try again shortly.');
    }
    if (failures >= THROTTLE.lockAfter) {
      throw rateLimited('login_locked', `Too many failed sign-ins for this name; try again in ${Math.ceil(Math.max(ttl, 1) / 60)} minutes.`);
    }
    if (failures >= THROTTLE.freeFailures) {
      await this.sleep(Math.min(THROTTLE.firstDelayMs * 2 ** (failures - THROTTLE.freeFailures), THROTTLE.maxDelayMs));
    }
  }

  async failed(username: string): Promise<void> {
    const key = this.redisKey(username);
    await this.redis.multi().incr(key).expire(key, THROTTLE.windowSeconds).exec().catch(() => undefined);
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
