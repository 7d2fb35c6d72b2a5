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
import { currentUnitKey, standbyUnitKey, verifySignedPolicy } from '../../core/policy';

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

interface SourceKey {
  generation: number;
  publicKey: string;
  createdAt: string;
  retiredAt?: string;
  standby?: true;
}

/** A unit's "keys" in a policy source file. */
function sourceKeys(policyFile: string, unitId: string): SourceKey[] {
  return JSON.parse(fs.readFileSync(policyFile, 'utf8')).units.find((u: { id: string }) => u.id === unitId).keys;
}

const readKeyFile = (dir: string, unitId: string, generation: number) => JSON.parse(fs.readFileSync(path.join(dir, 'units', unitId, `gen-${generation}.key.json`), 'utf8'));

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
    const names = ['init', 'unit-create', 'unit-rotate', 'unit-standby', 'unit-create-all', 'grant', 'sign', 'verify', 'root-pubkey'];
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
    // No standby before, none asked for: the rotation creates none.
    expect(keys.some((k: SourceKey) => k.standby)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'units/triage@KZ/gen-3.key.json'))).toBe(false);
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

  test('grant refuses an unusable public key (all zeros) with exit 2 and a clear message', async () => {
    const run = await cli(['grant', '--dir', dir, '--unit', 'triage@KZ', '--to', toB64u(new Uint8Array(32))]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('not a usable X25519 public key');
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
  test('unit-rotate --standby on a unit without a standby also creates one above the new key', async () => {
    const rotate = await cli(['unit-rotate', '--dir', dir, '--unit', 'triage@KZ', '--policy', policy, '--standby']);
    expect(rotate.code).toBe(0);
    const keys = sourceKeys(policy, 'triage@KZ');
    expect(keys.map((k) => [k.generation, Boolean(k.retiredAt), Boolean(k.standby)])).toEqual([
      [1, true, false],
      [2, true, false],
      [3, false, false],
      [4, false, true],
    ]);
    expect(keys[1].retiredAt).toBe(keys[2].createdAt);
    expect(readKeyFile(dir, 'triage@KZ', 4).standby).toBe(true);
    expect(readKeyFile(dir, 'triage@KZ', 3).standby).toBeUndefined();
  }, 60_000);
});

/**
 * The standby generation: signed in advance, granted to nobody until a member holding the unit key
 * is removed; then granted to the remaining members and promoted by unit-rotate.
 */
describe('keys CLI: standby unit keys', () => {
  let work: string;
  let dir: string;
  let policy: string;
  let rootPub: string;

  beforeAll(async () => {
    await cryptoReady();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-keys-standby-'));
    dir = path.join(work, 'keys');
    policy = path.join(work, 'policy.source.json');
    rootPub = path.join(dir, 'root.pub');
    fs.copyFileSync(POLICY_SOURCE, policy);
    const init = await cli(['init', '--dir', dir]);
    if (init.code !== 0) throw new Error(init.stderr);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** Signs the policy source and verifies it with the CLI and with core/policy; returns the parsed policy. */
  async function signAndVerify(name: string) {
    const signedPath = path.join(work, `${name}.signed.json`);
    const sign = await cli(['sign', '--dir', dir, '--in', policy, '--out', signedPath]);
    expect(sign.stderr).toBe('');
    expect(sign.code).toBe(0);
    const verify = await cli(['verify', '--in', signedPath, '--root', rootPub], null);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^OK: /);
    return verifySignedPolicy(JSON.parse(fs.readFileSync(signedPath, 'utf8')), fs.readFileSync(rootPub, 'utf8').trim());
  }

  test('unit-standby refuses a unit without an active key (exit 2) and writes nothing', async () => {
    const before = { keys: snapshot(dir), policy: fs.readFileSync(policy, 'utf8') };
    const run = await cli(['unit-standby', '--dir', dir, '--policy', policy, '--unit', 'triage@KZ']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no active key/);
    expect(snapshot(dir)).toEqual(before.keys);
    expect(fs.readFileSync(policy, 'utf8')).toBe(before.policy);
  }, 60_000);

  test('unit-standby adds the next generation as standby and leaves the active key active', async () => {
    expect((await cli(['unit-create', '--dir', dir, '--unit', 'triage@KZ', '--policy', policy])).code).toBe(0);
    const run = await cli(['unit-standby', '--dir', dir, '--policy', policy, '--unit', 'triage@KZ']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const keys = sourceKeys(policy, 'triage@KZ');
    expect(keys.map((k) => k.generation)).toEqual([1, 2]);
    expect(keys[0].retiredAt).toBeUndefined();
    expect(keys[0].standby).toBeUndefined();
    expect(keys[1]).toEqual({ generation: 2, publicKey: readKeyFile(dir, 'triage@KZ', 2).publicKey, createdAt: expect.any(String), standby: true });
    expect(readKeyFile(dir, 'triage@KZ', 2).standby).toBe(true);
    expect(mode(path.join(dir, 'units/triage@KZ/gen-2.key.json'))).toBe(0o600);
  }, 60_000);

  test('unit-create-all --standby: every unit has generation 1 active and 2 standby; the policy signs and verifies', async () => {
    const run = await cli(['unit-create-all', '--dir', dir, '--policy', policy, '--standby']);
    expect(run.code).toBe(0);
    const source = JSON.parse(fs.readFileSync(policy, 'utf8'));
    expect(source.units.length).toBeGreaterThan(100);
    for (const unit of source.units as { id: string; keys: SourceKey[] }[]) {
      expect([unit.id, unit.keys.map((k) => [k.generation, k.standby ?? false, k.retiredAt ?? null])]).toEqual([
        unit.id,
        [
          [1, false, null],
          [2, true, null],
        ],
      ]);
    }
    const aca = readKeyFile(dir, 'aca@KZ-75', 2);
    expect(aca.standby).toBe(true);
    expect(readKeyFile(dir, 'aca@KZ-75', 1).standby).toBeUndefined();

    const signed = await signAndVerify('created');
    expect(currentUnitKey(signed, 'aca@KZ-75')?.generation).toBe(1);
    expect(standbyUnitKey(signed, 'aca@KZ-75')?.publicKey).toBe(aca.publicKey);
  }, 120_000);

  test('unit-standby refuses a unit that already has a standby (exit 2) and writes nothing', async () => {
    const before = { keys: snapshot(dir), policy: fs.readFileSync(policy, 'utf8'), work: fs.readdirSync(work).sort() };
    const run = await cli(['unit-standby', '--dir', dir, '--policy', policy, '--unit', 'aca@KZ-75']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/already has a standby key \(generation 2\)/);
    // Without --unit every unit is skipped for the same reason: still nothing to write.
    const all = await cli(['unit-standby', '--dir', dir, '--policy', policy]);
    expect(all.code).toBe(0);
    expect(snapshot(dir)).toEqual(before.keys);
    expect(fs.readFileSync(policy, 'utf8')).toBe(before.policy);
    expect(fs.readdirSync(work).sort()).toEqual(before.work);
  }, 60_000);

  test('grant gives the active generation by default and the standby with --generation 2', async () => {
    const investigator = generateBoxKeyPair();
    const keys = sourceKeys(policy, 'aca@KZ-75');
    const byDefault = await cli(['grant', '--dir', dir, '--unit', 'aca@KZ-75', '--to', toB64u(investigator.publicKey)]);
    expect(byDefault.code).toBe(0);
    const active = JSON.parse(byDefault.stdout);
    expect(active).toMatchObject({ unitId: 'aca@KZ-75', generation: 1, unitPublicKey: keys[0].publicKey });
    expect(toB64u(openUnitKeyGrant(active.grant as KeyWrap, investigator, fromB64u(keys[0].publicKey, 32)).publicKey)).toBe(keys[0].publicKey);

    const standby = await cli(['grant', '--dir', dir, '--unit', 'aca@KZ-75', '--to', toB64u(investigator.publicKey), '--generation', '2']);
    expect(standby.code).toBe(0);
    const granted = JSON.parse(standby.stdout);
    expect(granted).toMatchObject({ unitId: 'aca@KZ-75', generation: 2, unitPublicKey: keys[1].publicKey });
    expect(toB64u(openUnitKeyGrant(granted.grant as KeyWrap, investigator, fromB64u(keys[1].publicKey, 32)).publicKey)).toBe(keys[1].publicKey);
  }, 60_000);

  test('unit-rotate promotes the standby (2), retires 1 and adds 3 as the new standby; the policy still signs and verifies', async () => {
    const before = sourceKeys(policy, 'aca@KZ-75');
    const rotate = await cli(['unit-rotate', '--dir', dir, '--unit', 'aca@KZ-75', '--policy', policy]);
    expect(rotate.stderr).toBe('');
    expect(rotate.code).toBe(0);
    const keys = sourceKeys(policy, 'aca@KZ-75');
    expect(keys.map((k) => k.generation)).toEqual([1, 2, 3]);
    // Generation 2 keeps its public key and creation time: the members were granted exactly this key.
    expect(keys[1]).toEqual({ generation: 2, publicKey: before[1].publicKey, createdAt: before[1].createdAt });
    expect(keys[0].retiredAt).toBe(keys[2].createdAt);
    expect(keys[2].standby).toBe(true);
    expect(keys[2].retiredAt).toBeUndefined();

    expect(readKeyFile(dir, 'aca@KZ-75', 1).retiredAt).toBe(keys[0].retiredAt);
    const promoted = readKeyFile(dir, 'aca@KZ-75', 2);
    expect(promoted.standby).toBeUndefined();
    expect(promoted.retiredAt).toBeUndefined();
    expect(promoted.publicKey).toBe(before[1].publicKey);
    const fresh = readKeyFile(dir, 'aca@KZ-75', 3);
    expect(fresh).toMatchObject({ generation: 3, standby: true, publicKey: keys[2].publicKey });
    expect(mode(path.join(dir, 'units/aca@KZ-75/gen-3.key.json'))).toBe(0o600);
    // The promoted key file still decrypts (the secret's binding does not include the flag).
    const rootFile = JSON.parse(fs.readFileSync(path.join(dir, 'root.key.json'), 'utf8'));
    const secret = decryptKeyFileSecret(deriveCustodianKey(PASSPHRASE, rootFile.kdf), promoted.secret, ['unit', 'aca@KZ-75', '2', promoted.publicKey]);
    expect(secret.length).toBe(32);

    const signed = await signAndVerify('rotated');
    expect(currentUnitKey(signed, 'aca@KZ-75')?.generation).toBe(2);
    expect(standbyUnitKey(signed, 'aca@KZ-75')?.generation).toBe(3);

    const investigator = generateBoxKeyPair();
    const grant = await cli(['grant', '--dir', dir, '--unit', 'aca@KZ-75', '--to', toB64u(investigator.publicKey)]);
    expect(JSON.parse(grant.stdout)).toMatchObject({ generation: 2, unitPublicKey: before[1].publicKey });
  }, 120_000);
});
