import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';

/**
 * Every name a test file makes with uniqueName() (its queue prefix, Redis keys, database) is
 * written to one file per jest run; the run's global teardown then deletes every Redis key under
 * those names. Test files stop their own stacks, but BullMQ leaves a queue's meta, id, repeat and
 * stalled-check keys behind on close, and the shared Redis grew by hundreds of keys per run.
 * Only names of this run are touched, so a run beside another (a second checkout) is safe.
 */
export const TEST_NAMES_FILE_ENV = 'CC_TEST_NAMES_FILE';

export function startNamesFile(root: string): string {
  const dir = path.join(root, '.data/test-names');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `run-${process.pid}-${Date.now().toString(36)}.txt`);
  fs.writeFileSync(file, '');
  return file;
}

export function recordTestName(name: string) {
  const file = process.env[TEST_NAMES_FILE_ENV];
  if (file) fs.appendFileSync(file, name + '\n');
}

/** Deletes every key that starts with one of the names; returns how many were deleted. */
export async function deleteKeysUnder(redis: Redis, names: string[]): Promise<number> {
  let deleted = 0;
  for (const name of new Set(names)) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) continue; // never a pattern wider than the name itself
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${name}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  }
  return deleted;
}

export async function cleanUpNamesFile(file: string, redisUrl: string): Promise<{ names: number; deleted: number }> {
  const names = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
    const deleted = await deleteKeysUnder(redis, names);
    fs.rmSync(file, { force: true });
    return { names: new Set(names).size, deleted };
  } finally {
    redis.disconnect();
  }
}
