import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  cryptoReady,
  decryptKeyFileSecret,
  deriveCustodianKey,
  fromB64u,
  generateBoxKeyPair,
  openUnitKeyGrant,
  toB64u,
  type CustodianKey,
  type KeyWrap,
} from '../../core/crypto';

/**
 * The key custodian's CLI as a custodian runs it: a child process per command, a temporary key
 * directory, the default Kazakhstan policy source. No service is needed.
 */
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'keys/cli.ts');
const PASSPHRASE = 'correct horse battery staple';
const POLICY_SOURCE = path.join(ROOT, 'keys/policies/kz.source.json');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], passphrase: string | null = PASSPHRASE): Promise<Run> {
  const env = { ...process.env };
  delete env.CC_KEYS_PASSPHRASE;
  if (passphrase !== null) env.CC_KEYS_PASSPHRASE = passphrase;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every file under a folder with its content, to prove a failed command changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** The secret must not appear in the file in any usual encoding. */
function expectSecretAbsent(file: string, secret: Uint8Array) {
  const text = fs.readFileSync(file, 'utf8');
  const raw = fs.readFileSync(file);
  const buffer = Buffer.from(secret);
  for (const encoded of [buffer.toString('base64url'), buffer.toString('base64'), buffer.toString('hex'), buffer.toString('base64url').slice(0, 20)]) {
    expect(text).not.toContain(encoded);
  }
  expect(raw.includes(buffer)).toBe(false);
}

describe('keys CLI', () => {
  let work: string;
  let dir: string;
  let policy: string;
  let custodianKey: CustodianKey;

  beforeAll(async () => {
    await cryptoReady();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-keys-cli-'));
    dir = path.join(work, 'keys');
    policy = path.join(work, 'policy.source.json');
    fs.copyFileSync(POLICY_SOURCE, policy);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('--help lists every subcommand, and each has its own help', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    const names = ['init', 'unit-create', 'unit-rotate', 'unit-create-all', 'grant', 'sign', 'verify', 'root-pubkey'];
    for (const name of names) expect(help.stdout).toContain(name);
    const each = await Promise.all(names.map((name) => cli([name, '--help'])));
    each.forEach((run, i) => {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`keys/cli.ts ${names[i]}`);
    });
    expect((await cli(['init', '--bogus', 'x'])).code).toBe(2);
    expect((await cli(['no-such-command'])).code).toBe(2);
  }, 60_000);

  test('init writes an encrypted root key (0600) and root.pub; a second init refuses', async () => {
    const run = await cli(['init', '--dir', dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const keyFile = path.join(dir, 'root.key.json');
    expect(mode(keyFile)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    const file = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
    expect(file.format).toBe('cc-root-key/1');
    expect(fs.readFileSync(path.join(dir, 'root.pub'), 'utf8').trim()).toBe(file.publicKey);
    expect((await cli(['root-pubkey', '--dir', dir], null)).stdout.trim()).toBe(file.publicKey);

    custodianKey = deriveCustodianKey(PASSPHRASE, file.kdf);
    const seed = decryptKeyFileSecret(custodianKey, file.secret, ['root', 'root', '1', file.publicKey]);
    expect(seed.length).toBe(32);
    expectSecretAbsent(keyFile, seed);

    const before = snapshot(dir);
    const again = await cli(['init', '--dir', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(snapshot(dir)).toEqual(before);
  }, 60_000);

  test('unit-create writes an encrypted unit key (0600) and its public key into the policy source', async () => {
    const run = await cli(['unit-create', '--dir', dir, '--unit', 'triage@KZ', '--policy', policy]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const keyFile = path.join(dir, 'units/triage@KZ/gen-1.key.json');
    expect(mode(keyFile)).toBe(0o600);
    const file = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
    const secret = decryptKeyFileSecret(custodianKey, file.secret, ['unit', 'triage@KZ', '1', file.publicKey]);
    expectSecretAbsent(keyFile, secret);
    const unit = JSON.parse(fs.readFileSync(policy, 'utf8')).units.find((u: { id: string }) => u.id === 'triage@KZ');
    expect(unit.keys).toEqual([{ generation: 1, publicKey: file.publicKey, createdAt: file.createdAt }]);
  }, 60_000);

  test('a wrong passphrase gives a clear error, exit code 1, and writes nothing', async () => {
    const before = { keys: snapshot(dir), policy: fs.readFileSync(policy, 'utf8'), work: fs.readdirSync(work).sort() };
    for (const args of [
      ['unit-create', '--dir', dir, '--unit', 'aca@KZ-75', '--policy', policy],
      ['unit-create-all', '--dir', dir, '--policy', policy],
      ['sign', '--dir', dir, '--in', policy, '--out', path.join(work, 'never.json')],
      ['grant', '--dir', dir, '--unit', 'triage@KZ', '--to', toB64u(new Uint8Array(32).fill(9))],
    ]) {
      const run = await cli(args, 'not the passphrase at all');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: wrong passphrase/);
      expect(run.stdout).toBe('');
    }
    expect(snapshot(dir)).toEqual(before.keys);
    expect(fs.readFileSync(policy, 'utf8')).toBe(before.policy);
    expect(fs.readdirSync(work).sort()).toEqual(before.work);
  }, 60_000);

  test('unit-create-all keys every remaining unit; unit-rotate retires the previous generation', async () => {
    const all = await cli(['unit-create-all', '--dir', dir, '--policy', policy]);
    expect(all.code).toBe(0);
    const source = JSON.parse(fs.readFileSync(policy, 'utf8'));
    expect(source.units.length).toBeGreaterThan(100);
    expect(source.units.every((u: { keys: unknown[] }) => u.keys.length === 1)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'units')).length).toBe(source.units.length);

    const rotate = await cli(['unit-rotate', '--dir', dir, '--unit', 'triage@KZ', '--policy', policy]);
    expect(rotate.code).toBe(0);
    const keys = JSON.parse(fs.readFileSync(policy, 'utf8')).units.find((u: { id: string }) => u.id === 'triage@KZ').keys;
    expect(keys.map((k: { generation: number }) => k.generation)).toEqual([1, 2]);
    expect(keys[0].retiredAt).toBe(keys[1].createdAt);
    expect(keys[1].retiredAt).toBeUndefined();
    expect(mode(path.join(dir, 'units/triage@KZ/gen-2.key.json'))).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'units/triage@KZ/gen-1.key.json'), 'utf8')).retiredAt).toBe(keys[1].createdAt);
  }, 60_000);

  test('grant seals the current unit key to an investigator, who can open it', async () => {
    const investigator = generateBoxKeyPair();
    const run = await cli(['grant', '--dir', dir, '--unit', 'triage@KZ', '--to', toB64u(investigator.publicKey)]);
    expect(run.code).toBe(0);
    const grant = JSON.parse(run.stdout);
    expect(grant).toMatchObject({ format: 'cc-unit-key-grant/1', unitId: 'triage@KZ', generation: 2 });
    const unitPublicKey = fromB64u(grant.unitPublicKey, 32);
    const opened = openUnitKeyGrant(grant.grant as KeyWrap, investigator, unitPublicKey);
    expect(toB64u(opened.publicKey)).toBe(grant.unitPublicKey);
  }, 60_000);

  test('grant takes a public key that starts with "-" (one key in 64 does)', async () => {
    let investigator = generateBoxKeyPair();
    while (!toB64u(investigator.publicKey).startsWith('-')) investigator = generateBoxKeyPair();
    const run = await cli(['grant', '--dir', dir, '--unit', 'triage@KZ', '--to', toB64u(investigator.publicKey)]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).recipientPublicKey).toBe(toB64u(investigator.publicKey));
  }, 60_000);

  test('sign → verify OK; a policy changed by one byte fails verification', async () => {
    const signedPath = path.join(work, 'policy.signed.json');
    const rootPub = path.join(dir, 'root.pub');
    const sign = await cli(['sign', '--dir', dir, '--in', policy, '--out', signedPath]);
    expect(sign.code).toBe(0);
    const ok = await cli(['verify', '--in', signedPath, '--root', rootPub], null);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK: /);
    const signed = JSON.parse(fs.readFileSync(signedPath, 'utf8'));
    expect(signed.format).toBe('cc-signed-policy/1');
    expect(signed.signature.alg).toBe('Ed25519');

    // One byte: a letter inside a unit's English label.
    const text = fs.readFileSync(signedPath, 'utf8');
    const at = text.indexOf('Intake & Triage Desk') + 1;
    const tampered = path.join(work, 'tampered.json');
    fs.writeFileSync(tampered, text.slice(0, at) + (text[at] === 'n' ? 'm' : 'n') + text.slice(at + 1));
    const bad = await cli(['verify', '--in', tampered, '--root', rootPub], null);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/signature does not verify/);

    // One byte of a unit public key: a database-only attacker redirecting reports.
    const key = signed.policy.units[5].keys[0].publicKey as string;
    const swapped = text.replace(key, (key[0] === 'A' ? 'B' : 'A') + key.slice(1));
    fs.writeFileSync(tampered, swapped);
    expect((await cli(['verify', '--in', tampered, '--root', rootPub], null)).code).toBe(1);

    // The right file with another root key.
    const other = await cli(['verify', '--in', signedPath, '--root-key', toB64u(new Uint8Array(32).fill(1))], null);
    expect(other.code).toBe(1);
  }, 60_000);
});
