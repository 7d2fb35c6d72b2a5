import { Redis } from 'ioredis';
import { REDIS_URL, uniqueName } from '../support/testEnv';
import { deleteKeysUnder } from '../support/testNames';

/** The run's teardown deletes the keys under its test names, and nothing else. */
describe('test key clean-up', () => {
  let redis: Redis;
  beforeAll(() => { redis = new Redis(REDIS_URL); });
  afterAll(() => redis.quit());

  it('deletes every key under the given names and keeps every other key', async () => {
    const mine = uniqueName('cleanup');
    const other = uniqueName('cleanupkeep');
    for (let i = 0; i < 1500; i++) await redis.set(`${mine}:route:${i}`, 'x'); // more than one SCAN page
    await redis.set(`${other}:route:1`, 'x');
    await redis.set(`x${mine}`, 'x'); // the name inside, not at the start: kept

    expect(await deleteKeysUnder(redis, [mine, mine])).toBe(1500);
    expect(await redis.keys(`${mine}*`)).toEqual([]);
    expect(await redis.get(`${other}:route:1`)).toBe('x');
    expect(await redis.get(`x${mine}`)).toBe('x');
    await redis.del(`${other}:route:1`, `x${mine}`);
  });

  it('refuses a name that would widen into a pattern', async () => {
    const name = uniqueName('cleanupglob');
    await redis.set(`${name}:a`, 'x');
    expect(await deleteKeysUnder(redis, ['*', `${name.slice(0, 4)}?`])).toBe(0);
    expect(await redis.get(`${name}:a`)).toBe('x');
    await redis.del(`${name}:a`);
  });
});
