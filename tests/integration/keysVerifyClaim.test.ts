import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caseSecretsFromMaster, cryptoReady, signRewardClaim, toB64u } from '../../core/crypto';

/**
 * `keys verify-claim`: anyone holding a reporter's reward claim checks it offline, in a child
 * process as a custodian or a reward commission runs it. No key directory, no service.
 */
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'keys/cli.ts');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

jest.setTimeout(120_000);

describe('keys verify-claim', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-claim-'));
  const write = (name: string, value: unknown) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, JSON.stringify(value, null, 2));
    return file;
  };
  let claim: ReturnType<typeof signRewardClaim>;
  let casePublicKey: string;

  beforeAll(async () => {
    await cryptoReady();
    const pair = caseSecretsFromMaster(new Uint8Array(32).fill(3)).reporterSigningKeyPair;
    casePublicKey = toB64u(pair.publicKey);
    claim = signRewardClaim(pair, { deploymentId: 'kz-default', date: '2027-05-02', claimant: 'ИИН 900101300123' });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('a valid claim: exit 0, the statement printed; against the case key and deployment too', async () => {
    const file = write('claim.json', claim);
    const ok = await cli(['verify-claim', '--in', file, '--public-key', casePublicKey, '--deployment', 'kz-default']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('valid reward claim');
    expect(ok.stdout).toContain(claim.statement.caseRef);
    expect(ok.stdout).toContain('ИИН 900101300123');
    expect((await cli(['verify-claim', '--help'])).stdout).toContain('keys/cli.ts verify-claim');
  });

  test('a changed claimant, another key or another deployment: exit 1 with the reason', async () => {
    const changed = await cli(['verify-claim', '--in', write('changed.json', { ...claim, statement: { ...claim.statement, claimant: 'Someone else' } })]);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/does not verify/);
    const other = caseSecretsFromMaster(new Uint8Array(32).fill(4)).reporterSigningKeyPair;
    const otherKey = await cli(['verify-claim', '--in', write('claim2.json', claim), '--public-key', toB64u(other.publicKey)]);
    expect(otherKey.code).toBe(1);
    expect(otherKey.stderr).toMatch(/not by the case's key/);
    const deployment = await cli(['verify-claim', '--in', write('claim3.json', claim), '--deployment', 'other']);
    expect(deployment.code).toBe(1);
    const garbage = await cli(['verify-claim', '--in', write('garbage.json', { hello: 1 })]);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toMatch(/not a cc-reward-claim/);
  });
});
