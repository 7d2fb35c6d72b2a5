import { Redis } from 'ioredis';
import { cryptoReady } from '../../../core/crypto';
import { consoleFetch, factoryPasswordKeys } from '../../support/consoleFactory';
import { REDIS_URL } from '../../support/testEnv';
import { throttleRedisKey, THROTTLE } from '../../../server/commands/console/loginThrottle';
import { FAILED_LOGIN_FLOOR_MS } from '../../../server/commands/console/loginChecker';
import { consoleSecrets } from '../../../server/commands/console/serverSecrets';
import type { Env } from '../../../server/config/env';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

/**
 * Issue 13 item 1: the sign-in throttle counts each attempt atomically before the check, so a
 * parallel burst gets no more credential checks than the documented lockAfter; and a failure
 * for a known name writes exactly what a failure for an unknown name writes.
 */
describe('console sign-in throttle under parallel attempts', () => {
  jest.setTimeout(120_000);
  let t: ConsoleTestServer;
  let redis: Redis;
  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_throttle');
    factoryPasswordKeys();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await t?.stop();
  });

  // base64url of 32 bytes of 0x07, written out: toB64u needs cryptoReady, which runs later.
  const wrongKey = Buffer.alloc(32, 7).toString('base64url');
  const post = (path: string, body: object) => consoleFetch(t.server.url, `/api/console/auth/${path}`, { method: 'POST', body });
  const statuses = (answers: { status: number }[]) => ({
    checked: answers.filter((r) => r.status === 401).length,
    refused: answers.filter((r) => r.status === 429).length,
    other: answers.filter((r) => r.status !== 401 && r.status !== 429).length,
  });

  it('a burst of 60 parallel sign-ins for one name gets at most lockAfter credential checks, then 429', async () => {
    const a = await t.factory.account();
    const answers = await Promise.all(Array.from({ length: 60 }, () => post('login', { username: a.username, authKey: wrongKey, totp: '000000' })));
    const s = statuses(answers);
    expect(s.other).toBe(0);
    expect(s.checked).toBeLessThanOrEqual(THROTTLE.lockAfter);
    expect(s.refused).toBeGreaterThanOrEqual(60 - THROTTLE.lockAfter);
    expect(answers.find((r) => r.status === 429)!.body.error.code).toBe('login_locked');
    // Still locked afterwards, with the right credentials too (the code is irrelevant: refused before the check).
    expect((await post('login', { username: a.username, authKey: a.authKey, totp: '000000' })).status).toBe(429);
  });

  it('the same holds for recovery start', async () => {
    const a = await t.factory.account();
    const answers = await Promise.all(Array.from({ length: 60 }, () => post('recover/start', { username: a.username, totp: '000000' })));
    const s = statuses(answers);
    expect(s.other).toBe(0);
    expect(s.checked).toBeLessThanOrEqual(THROTTLE.lockAfter);
    expect(s.refused).toBeGreaterThanOrEqual(60 - THROTTLE.lockAfter);
  });

  /** Every document of every collection, and every Redis key of this server's prefix with its value. */
  async function snapshot() {
    const collections: Record<string, unknown[]> = {};
    for (const c of await t.db.db!.listCollections().toArray()) {
      collections[c.name] = await t.db.collection(c.name).find({}).sort({ _id: 1 }).toArray();
    }
    const keys: Record<string, string | null> = {};
    for (const k of (await redis.keys(`${t.queuePrefix}:*`)).sort()) {
      keys[k] = (await redis.type(k)) === 'string' ? await redis.get(k) : `<${await redis.type(k)}>`;
    }
    return { collections: JSON.parse(JSON.stringify(collections)), keys };
  }

  it('a failed sign-in for a known name and for an unknown name make the same writes: one counter, nothing in the database', async () => {
    const a = await t.factory.account();
    const { throttleKey } = consoleSecrets({ SERVER_SECRET: t.factory.serverSecret, NODE_ENV: 'test' } as Env)!;
    for (const name of [a.username, 'nobody-by-this-name']) {
      const before = await snapshot();
      const res = await post('login', { username: name, authKey: wrongKey, totp: '000000' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('login_failed');
      const after = await snapshot();
      expect(after.collections).toEqual(before.collections);
      const counter = throttleRedisKey(t.queuePrefix, throttleKey, name);
      expect(after.keys).toEqual({ ...before.keys, [counter]: '1' });
      expect(await redis.ttl(counter)).toBeGreaterThan(THROTTLE.windowSeconds - 60);
    }
  });

  // The timing itself is measured by bench/loginTiming.bench.ts (both medians within 0.1 ms);
  // here only the floor both kinds of failure wait for, which the old code did not have.
  it('a failed sign-in answers no sooner than the floor, for a known name and for an unknown one', async () => {
    const a = await t.factory.account();
    for (const username of [a.username, 'nobody.at.all']) {
      const t0 = performance.now();
      const res = await post('login', { username, authKey: wrongKey, totp: '000000' });
      expect(res.status).toBe(401);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(FAILED_LOGIN_FLOOR_MS - 5);
    }
  });
});
