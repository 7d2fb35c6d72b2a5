import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cryptoReady } from '../../core/crypto';
import { verifySignedPolicy } from '../../core/policy';

/**
 * The demo deployment never expires (issue 14 item 6): run on a clock 90 days or less before the
 * signed policy's end, scripts/demo-deployment.sh adds calendar years and re-signs. The clock is
 * moved for the script's node processes by a preload (tests/support/fakeNow.cjs); the demo goes to
 * a temporary folder (CC_DEMO_DIR), never .data/demo-keys.
 */
const ROOT = path.resolve(__dirname, '../..');
jest.setTimeout(900_000);

function demoScript(dir: string, fakeNow: string): Promise<{ code: number; stderr: string }> {
  const env = { ...process.env, CC_DEMO_DIR: dir, CC_FAKE_NOW: fakeNow, NODE_OPTIONS: `--require ${path.join(ROOT, 'tests/support/fakeNow.cjs')}` };
  return new Promise((resolve) =>
    execFile('bash', [path.join(ROOT, 'scripts/demo-deployment.sh')], { cwd: ROOT, env, timeout: 400_000 }, (error, _o, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
    ),
  );
}

describe('demo deployment renewal', () => {
  let tmp: string;
  beforeAll(async () => {
    await cryptoReady();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-demo-renewal-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const signedIn = (dir: string) => {
    const root = fs.readFileSync(path.join(dir, 'root.pub'), 'utf8').trim();
    return verifySignedPolicy(JSON.parse(fs.readFileSync(path.join(dir, 'policy.signed.json'), 'utf8')), root);
  };

  it('six weeks before the shipped end (1 January 2028) it is signed through 2028; ten weeks before that end, through 2029', async () => {
    const dir = path.join(tmp, 'demo');
    const first = await demoScript(dir, '2027-11-15T00:00:00Z');
    expect(first.code).toBe(0);
    const p1 = signedIn(dir);
    expect(p1.calendar.years).toEqual([2026, 2027, 2028]);
    expect(p1.validUntil).toBe('2028-12-31T19:00:00.000Z');
    expect(first.stderr).toMatch(/Calendar 2028 added/);

    // Still more than 90 days left: nothing is redone.
    const same = await demoScript(dir, '2028-01-10T00:00:00Z');
    expect(same.code).toBe(0);
    expect(same.stderr).not.toMatch(/creating the demo deployment/);

    const later = await demoScript(dir, '2028-10-20T00:00:00Z');
    expect(later.code).toBe(0);
    const p2 = signedIn(dir);
    expect(p2.calendar.years).toEqual([2026, 2027, 2028, 2029]);
    expect(p2.validUntil).toBe('2029-12-31T19:00:00.000Z');
    expect(p2.version).toBeGreaterThan(p1.version);
  });
});
