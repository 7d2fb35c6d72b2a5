import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { createTestDeployment } from '../support/deployment';
import { loadDemoDeployment } from '../support/demoDeployment';
import { REDIS_URL, ROOT, mongoUriFor, uniqueName } from '../support/testEnv';

const run = promisify(execFile);

/** server/cli/demoAccounts.ts as scripts/start.sh runs it, with the environment given. */
async function demoAccounts(env: Record<string, string>) {
  const { NODE_ENV: _jestSetsTest, ...inherited } = process.env;
  try {
    const { stdout } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['server/cli/demoAccounts.ts'], { cwd: ROOT, env: { ...inherited, ...env } });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The demo accounts (known passwords, printed secrets) must never reach a real deployment. */
describe('demo accounts are refused outside the local demo', () => {
  const uri = mongoUriFor(uniqueName('demo_refused'));
  afterAll(async () => {
    const db = await mongoose.createConnection(uri).asPromise();
    await db.dropDatabase().catch(() => {});
    await db.close();
  });

  it('refuses NODE_ENV=production and any root key but the demo one, and writes no account', async () => {
    const demo = await loadDemoDeployment();
    const base = { MONGODB_URI: uri, REDIS_URL, ...demo.env };
    const production = await demoAccounts({ ...base, NODE_ENV: 'production', SERVER_SECRET: randomBytes(32).toString('base64url') });
    expect(production.code).toBe(1);
    expect(production.stderr).toContain('refused: demo accounts are never created under NODE_ENV=production');
    const other = await createTestDeployment();
    const foreign = await demoAccounts({ ...base, ...other.env });
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('refused: only for the demo deployment');
    const db = await mongoose.createConnection(uri).asPromise();
    expect(await db.collection('investigators').countDocuments()).toBe(0);
    await db.close();
  }, 120_000);
});
