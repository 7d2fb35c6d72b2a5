import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cryptoReady } from '../../core/crypto';
import { parsePolicySource, verifySignedPolicy } from '../../core/policy';
import { computeDeadlines } from '../../core/routing';

/**
 * `keys calendar-extend` as a custodian runs it (a child process, a temporary key directory):
 * the next year's fixed holidays generated, the moving ones and decree transfers entered, the
 * result signed; bad input changes nothing (issue 14 item 6).
 */
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'keys/cli.ts');
const SOURCE = path.join(ROOT, 'keys/policies/kz.source.json');

jest.setTimeout(180_000);

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, CC_KEYS_PASSPHRASE: 'calendar test passphrase' };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('keys calendar-extend', () => {
  let dir: string;
  beforeAll(async () => {
    await cryptoReady();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-calendar-'));
    expect((await cli(['init', '--dir', path.join(dir, 'keys')])).code).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('adds 2028 (fixed holidays with weekend moves, Kurban Ait and a transfer entered), raises the version, signs', async () => {
    const out = path.join(dir, 'next.source.json');
    const signedOut = path.join(dir, 'next.signed.json');
    const run = await cli([
      'calendar-extend', '--in', SOURCE, '--out', out, '--year', '2028',
      '--moving-holidays', '2028-05-04', '--days-off', '2028-01-05', '--working-days', '2028-01-08',
      '--dir', path.join(dir, 'keys'), '--signed-out', signedOut,
    ]);
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.code).toBe(0);
    const before = parsePolicySource(JSON.parse(fs.readFileSync(SOURCE, 'utf8')));
    const after = parsePolicySource(JSON.parse(fs.readFileSync(out, 'utf8')));
    expect(after.version).toBe(before.version + 1);
    expect(after.calendar.years).toEqual([2026, 2027, 2028]);
    expect(new Date(after.validUntil).toISOString()).toBe('2028-12-31T19:00:00.000Z');
    const y2028 = after.calendar.holidays.filter((d) => d.startsWith('2028-'));
    // 1-2 Jan fall on the weekend: Monday 3 and Tuesday 4 are off; 5 Jan by the entered decree.
    expect(y2028.slice(0, 4)).toEqual(['2028-01-03', '2028-01-04', '2028-01-05', '2028-01-07']);
    expect(y2028).toContain('2028-05-04');
    expect(after.calendar.extraWorkingDays).toContain('2028-01-08');
    // Deadlines in 2028 are verified now, and the working Saturday counts.
    const d = computeDeadlines(after, new Date('2028-01-06T05:00:00Z'));
    expect(d.unverified).toBe(false);
    expect(d.acknowledgeBy).toEqual(new Date('2028-01-10T23:59:59.999+05:00'));
    const root = fs.readFileSync(path.join(dir, 'keys', 'root.pub'), 'utf8').trim();
    expect(verifySignedPolicy(JSON.parse(fs.readFileSync(signedOut, 'utf8')), root).version).toBe(after.version);
  });

  it.each([
    ['a year already covered', ['--year', '2027', '--moving-holidays', 'none'], 1, /already covers 2027/],
    ['no moving holidays given', ['--year', '2028'], 2, /--moving-holidays is required/],
    ['a date of another year', ['--year', '2028', '--moving-holidays', '2029-05-01'], 2, /not in 2028/],
    ['a non-date', ['--year', '2028', '--moving-holidays', '2028-02-30'], 2, /not a date/],
    ['a working day that is not a weekend day', ['--year', '2028', '--moving-holidays', 'none', '--working-days', '2028-01-05'], 2, /not a weekend day/],
  ])('refuses %s and writes nothing', async (_what, args, code, message) => {
    const out = path.join(dir, `refused-${Math.random().toString(36).slice(2)}.json`);
    const run = await cli(['calendar-extend', '--in', SOURCE, '--out', out, ...(args as string[])]);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message as RegExp);
    expect(fs.existsSync(out)).toBe(false);
  });
});
