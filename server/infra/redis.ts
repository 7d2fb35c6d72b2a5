import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ (workers and queues): BullMQ requires
 * `maxRetriesPerRequest: null` so its blocking commands survive reconnects.
 */
export function createQueueConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/**
 * A Redis connection for request-time commands (proof-of-work, rate windows, readiness): no
 * offline queue, so a lost Redis makes the request fail at once rather than wait.
 */
export function createCommandConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
}

/** True when Redis answers PING within the time given. */
export async function pingRedis(redis: Redis, timeoutMs = 1500): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  try {
    const answer = await Promise.race([
      redis.ping(),
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return answer === 'PONG';
  } catch {
    return false;
  }
}
