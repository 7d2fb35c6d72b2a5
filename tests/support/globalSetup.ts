import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { startNamesFile, TEST_NAMES_FILE_ENV } from './testNames';

/**
 * Runs once before all test files: makes sure MONGODB_URI and REDIS_URL point at running
 * services (scripts/services.sh writes .data/services.env) and fails with a clear message if not.
 */
export default async function globalSetup() {
  const envFile = path.resolve(__dirname, '../../.data/services.env');
  if ((!process.env.MONGODB_URI || !process.env.REDIS_URL) && fs.existsSync(envFile)) {
    for (const line of fs.readFileSync(envFile, 'utf8').split('\n')) {
      const m = /^export (\w+)='(.*)'$/.exec(line.trim());
      if (m && !process.env[m[1]]) process.env[m[1]] = m[2];
    }
  }
  for (const name of ['MONGODB_URI', 'REDIS_URL']) {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run "bash scripts/services.sh start" first (npm test does).`);
    const url = new URL(value.replace(/^mongodb(\+srv)?:/, 'http:').replace(/^rediss?:/, 'http:'));
    const reachable = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname);
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (!reachable) throw new Error(`${name}=${value} is not reachable: run "bash scripts/services.sh start".`);
  }
  // Names made by uniqueName() in every test file go to this run's file (environment variables
  // set here reach the test workers); globalTeardown deletes their Redis keys.
  process.env[TEST_NAMES_FILE_ENV] = startNamesFile(path.resolve(__dirname, '../..'));
}
