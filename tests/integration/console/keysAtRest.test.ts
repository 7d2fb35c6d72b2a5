import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import { cryptoReady, unlockWithPassword, type LockedInvestigatorKeys } from '../../../core/crypto';
import { awayFromTotpStepEdge, consoleFetch, factoryPasswordKeys } from '../../support/consoleFactory';
import { startServer } from '../../support/processes';
import { REDIS_URL, ROOT, mongoUriFor } from '../../support/testEnv';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

/**
 * Issue 13, item 8: a database dump is no offline password oracle. `keysByPassword` is stored
 * wrapped under a key from SERVER_SECRET; the server removes that layer only for the person who
 * signed in. Real API processes, real FerretDB.
 */
const codeAt = (secret: string, offset = 0) => authenticator.clone({ epoch: Date.now() + offset * 30_000 }).generate(secret);
const run = promisify(execFile);

describe('keysByPassword at rest', () => {
  let t: ConsoleTestServer;
  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_keys_at_rest');
    factoryPasswordKeys();
  }, 120_000);
  afterAll(async () => t?.stop());

  const login = (url: string, username: string, authKey: string, totp: string) => consoleFetch(url, '/api/console/auth/login', { method: 'POST', body: { username, authKey, totp } });
  const stored = async (id: string) => (await t.db.collection('investigators').findOne({ _id: id as never }))!;
  /** What an attacker with only the dump does: the salt's password guess against the stored blob. */
  const dumpOpensWithPassword = (locked: LockedInvestigatorKeys, blob: unknown) => {
    try {
      unlockWithPassword({ ...locked, byPassword: blob as LockedInvestigatorKeys['byPassword'] }, factoryPasswordKeys().encKey);
      return true;
    } catch {
      return false;
    }
  };

  it('wraps an old blob at sign-in; the dump then does not open with the correct password, the sign-in still does', async () => {
    const a = await t.factory.account(); // stored the old way: the bare browser blob (v 1)
    const before = await stored(a.id);
    // Before the fix this was the oracle: the dump's blob opens with the right password.
    expect(dumpOpensWithPassword(a.locked, before.keysByPassword)).toBe(true);

    await awayFromTotpStepEdge();
    const first = await login(t.server.url, a.username, a.authKey, codeAt(a.totpSecret, -1));
    expect(first.status).toBe(200);
    expect(unlockWithPassword(first.body.keys, factoryPasswordKeys().encKey).sign.publicKey).toEqual(a.keys.sign.publicKey);

    const after = await stored(a.id);
    expect(after.keysByPassword).toMatchObject({ v: 2, alg: 'xchacha20poly1305-ietf', kid: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
    expect(after.keysByPassword.ct).not.toBe(before.keysByPassword.ct);
    expect(dumpOpensWithPassword(a.locked, after.keysByPassword)).toBe(false);
    // Not even as a version-1 envelope with the server's layer taken for the browser's.
    expect(dumpOpensWithPassword(a.locked, { v: 1, alg: after.keysByPassword.alg, nonce: after.keysByPassword.nonce, ct: after.keysByPassword.ct })).toBe(false);
    // The salt stays (the browser needs it); it is useless without the unwrapped blob.
    expect(after.authSalt).toBe(before.authSalt);

    // The full sign-in still works on the wrapped blob, and hands out the browser's blob.
    const second = await login(t.server.url, a.username, a.authKey, codeAt(a.totpSecret, 0));
    expect(second.status).toBe(200);
    expect(second.body.keys.byPassword).toEqual(before.keysByPassword);
    const me = await consoleFetch(t.server.url, '/api/console/auth/me', { cookie: second.headers.get('set-cookie')!.split(';')[0] });
    expect(me.status).toBe(200);
    expect(unlockWithPassword(me.body.keys, factoryPasswordKeys().encKey).box.publicKey).toEqual(a.keys.box.publicKey);
  }, 60_000);

  it('a wrapped blob copied onto another account does not open there', async () => {
    const a = await t.factory.account();
    const b = await t.factory.account();
    await awayFromTotpStepEdge();
    expect((await login(t.server.url, a.username, a.authKey, codeAt(a.totpSecret))).status).toBe(200);
    const wrapped = (await stored(a.id)).keysByPassword;
    await t.db.collection('investigators').updateOne({ _id: b.id as never }, { $set: { keysByPassword: wrapped } });
    const res = await consoleFetch(t.server.url, '/api/console/auth/me', { cookie: await t.factory.session(b) });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('stored_keys_unreadable');
  }, 60_000);

  it('the one-off step wraps every old blob at once, and is idempotent', async () => {
    const a = await t.factory.account();
    const b = await t.factory.account();
    const cli = () =>
      run(path.join(ROOT, 'node_modules/.bin/tsx'), ['workers/cli/wrapStoredKeys.ts'], {
        cwd: ROOT,
        env: { ...process.env, MONGODB_URI: mongoUriFor(t.db.name), SERVER_SECRET: t.factory.serverSecret, NODE_ENV: 'test' },
      });
    const out = await cli();
    expect(out.stdout).toMatch(/^wrapped \d+ password-locked key blob\(s\)/);
    for (const acc of [a, b]) {
      expect((await stored(acc.id)).keysByPassword.v).toBe(2);
      expect(dumpOpensWithPassword(acc.locked, (await stored(acc.id)).keysByPassword)).toBe(false);
    }
    expect((await cli()).stdout).toContain('wrapped 0 ');
    await awayFromTotpStepEdge();
    const res = await login(t.server.url, a.username, a.authKey, codeAt(a.totpSecret));
    expect(res.status).toBe(200);
    expect(unlockWithPassword(res.body.keys, factoryPasswordKeys().encKey).sign.publicKey).toEqual(a.keys.sign.publicKey);
  }, 120_000);

  it('a server with another SERVER_SECRET fails closed with a clear error, and changes nothing', async () => {
    const a = await t.factory.account();
    await awayFromTotpStepEdge();
    const ok = await login(t.server.url, a.username, a.authKey, codeAt(a.totpSecret, -1));
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0];
    const before = await stored(a.id);
    const wrong = await startServer({
      MONGODB_URI: mongoUriFor(t.db.name),
      REDIS_URL,
      QUEUE_PREFIX: t.queuePrefix,
      POW_DIFFICULTY: '4',
      ...t.deployment.env,
      SERVER_SECRET: randomBytes(32).toString('base64url'),
    });
    try {
      const res = await login(wrong.url, a.username, a.authKey, codeAt(a.totpSecret, 0));
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('server_secret_mismatch');
      expect(res.body.error.message).toContain('SERVER_SECRET');
      // An unknown name gets the same answer: it tells nothing about accounts.
      const unknown = await login(wrong.url, 'nobody-here', a.authKey, '123456');
      expect(unknown.status).toBe(503);
      expect(unknown.body.error.code).toBe('server_secret_mismatch');
      // A live session cannot get the keys either.
      const me = await consoleFetch(wrong.url, '/api/console/auth/me', { cookie });
      expect(me.status).toBe(503);
      expect(me.body.error.code).toBe('server_secret_mismatch');
    } finally {
      await wrong.stop();
    }
    expect(await stored(a.id)).toEqual(before);
    // The right secret still works.
    const again = await login(t.server.url, a.username, a.authKey, codeAt(a.totpSecret, 1));
    expect(again.status).toBe(200);
  }, 120_000);
});
