import { cleanUpNamesFile, TEST_NAMES_FILE_ENV } from './testNames';

/** Runs once after all test files: removes the Redis keys this run's test names left behind. */
export default async function globalTeardown() {
  const file = process.env[TEST_NAMES_FILE_ENV];
  const redisUrl = process.env.REDIS_URL;
  if (!file || !redisUrl) return;
  try {
    const { names, deleted } = await cleanUpNamesFile(file, redisUrl);
    process.stderr.write(`[test] removed ${deleted} Redis keys left under this run's ${names} test names\n`);
  } catch (err) {
    process.stderr.write(`[test] could not remove this run's Redis keys: ${(err as Error).message}\n`);
  }
}
