import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { recordTestName } from './testNames';

export const ROOT = path.resolve(__dirname, '../..');

/** Loads .data/services.env into process.env (globalSetup's changes do not reach test files). */
function loadServicesEnv() {
  const envFile = path.join(ROOT, '.data/services.env');
  if (!fs.existsSync(envFile)) return;
  for (const line of fs.readFileSync(envFile, 'utf8').split('\n')) {
    const m = /^export (\w+)='(.*)'$/.exec(line.trim());
    if (m && !process.env[m[1]]) process.env[m[1]] = m[2];
  }
}
loadServicesEnv();

export const MONGODB_URI = process.env.MONGODB_URI!;
export const REDIS_URL = process.env.REDIS_URL!;
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const FERRETDB_BIN = process.env.FERRETDB_BIN || path.join(ROOT, '.data/bin/ferretdb-v1.24.2-idindex2');

/** A fresh name, so test files never share a database, queue prefix or key. */
export function uniqueName(label: string): string {
  const name = `${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  recordTestName(name); // its Redis keys are deleted when the run ends (tests/support/globalTeardown.ts)
  return name;
}

/** The shared server's URI with a database of this test's own. */
export function mongoUriFor(dbName: string): string {
  const url = new URL(MONGODB_URI);
  url.pathname = `/${dbName}`;
  return url.toString();
}
