import { authenticator } from 'otplib';
import {
  cryptoReady,
  derivePasswordKeys,
  generateInvestigatorKeys,
  generateRecoveryKey,
  lockInvestigatorKeys,
  newPasswordSalt,
  relockWithNewPassword,
  signCanonical,
  toB64u,
  unlockWithPassword,
  unlockWithRecoveryKey,
} from '../../../core/crypto';
import { awayFromTotpStepEdge, consoleFetch, factoryPasswordKeys, FACTORY_SALT } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';
import { recoveryStatement } from '../../../server/commands/console/passwordChanger';
import { throttleRedisKey } from '../../../server/commands/console/loginThrottle';
import { consoleSecrets } from '../../../server/commands/console/serverSecrets';
import type { Env } from '../../../server/config/env';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../support/testEnv';

/** A TOTP code of the step `offset` steps from now (the server accepts one step either way). */
const codeAt = (secret: string, offset = 0) => authenticator.clone({ epoch: Date.now() + offset * 30_000 }).generate(secret);

describe('console sign-in, activation and recovery', () => {
  let t: ConsoleTestServer;
  let url: string;
  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_auth');
    url = t.server.url;
    factoryPasswordKeys();
  });
  afterAll(async () => t?.stop());

  const login = (username: string, authKey: string, totp: string) => consoleFetch(url, '/api/console/auth/login', { method: 'POST', body: { username, authKey, totp } });
  const sessions = (id: string) => t.db.collection('sessions').countDocuments({ investigatorId: id });

  it('hands out the real salt to a user and a stable decoy salt for unknown names', async () => {
    const a = await t.factory.account();
    const salt = (name: string) => consoleFetch(url, '/api/console/auth/salt', { method: 'POST', body: { username: name } }).then((r) => r.body.salt);
    expect(await salt(a.username)).toBe(FACTORY_SALT);
    const decoy = await salt('nobody-here');
    expect(decoy).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await salt('nobody-here')).toBe(decoy);
    expect(await salt('nobody-else')).not.toBe(decoy);
  });

  it('signs in with authKey + TOTP and sets a __Host- cookie: HttpOnly, Secure, SameSite=Strict, Path=/ (issue 13 item 9)', async () => {
    const a = await t.factory.account();
    const res = await login(a.username, a.authKey, codeAt(a.totpSecret));
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    // __Host-: the browser keeps it only if Secure, Path=/ and no Domain (no cookie tossing from a subdomain).
    expect(cookie).toMatch(/^__Host-cc_console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict; Max-Age=\d+$/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(res.body.account).toEqual({ id: a.id, username: a.username, displayName: expect.any(String), role: 'investigator' });
    // The browser can open its keys with the password-derived encKey; the server never could.
    const keys = unlockWithPassword(res.body.keys, factoryPasswordKeys().encKey);
    expect(toB64u(keys.box.publicKey)).toBe(a.locked.boxPublicKey);
    const me = await consoleFetch(url, '/api/console/auth/me', { cookie: cookie.split(';')[0] });
    expect(me.status).toBe(200);
    expect(me.body.account.id).toBe(a.id);
    // The session token is stored hashed only.
    const stored = await t.db.collection('sessions').findOne({ investigatorId: a.id });
    expect(JSON.stringify(stored)).not.toContain(cookie.split(';')[0].split('=')[1]);
  });

  it('refuses a wrong password, a wrong code and a replayed code, and changes nothing', async () => {
    const a = await t.factory.account();
    await awayFromTotpStepEdge();
    const wrongKey = toB64u(new Uint8Array(32).fill(1));
    const wrongPassword = await login(a.username, wrongKey, codeAt(a.totpSecret));
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.error.code).toBe('login_failed');
    const wrongCode = await login(a.username, a.authKey, codeAt(a.totpSecret) === '000000' ? '111111' : '000000');
    expect(wrongCode.status).toBe(401);
    expect(wrongCode.body.error.code).toBe('login_failed');
    expect(await sessions(a.id)).toBe(0);
    expect((await t.db.collection('investigators').findOne({ _id: a.id as never }))!.totpLastStep).toBe(0);

    const code = codeAt(a.totpSecret);
    expect((await login(a.username, a.authKey, code)).status).toBe(200);
    const replay = await login(a.username, a.authKey, code);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('totp_reused');
    // An older step than the one used is a replay too.
    expect((await login(a.username, a.authKey, codeAt(a.totpSecret, -1))).body.error.code).toBe('totp_reused');
    expect(await sessions(a.id)).toBe(1);
  });

  it('gives unknown and disabled users the same answer as a wrong password', async () => {
    const d = await t.factory.account({ state: 'disabled' });
    const r1 = await login(d.username, d.authKey, codeAt(d.totpSecret));
    const r2 = await login('ghost-user', d.authKey, '123456');
    expect([r1.status, r2.status]).toEqual([401, 401]);
    expect(r1.body).toEqual(r2.body);
  });

  it('refuses a tampered, an unknown and an expired session token, and a request without the CSRF header', async () => {
    const a = await t.factory.account();
    const cookie = await t.factory.session(a);
    expect((await consoleFetch(url, '/api/console/auth/me', { cookie })).status).toBe(200);
    const last = cookie.slice(-1);
    const tampered = cookie.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    const res = await consoleFetch(url, '/api/console/auth/me', { cookie: tampered });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session_invalid');
    expect((await consoleFetch(url, '/api/console/auth/me', { cookie: '__Host-cc_console=not-a-token' })).body.error.code).toBe('session_required');
    const expired = await t.factory.session(a, { expired: true });
    expect((await consoleFetch(url, '/api/console/auth/me', { cookie: expired })).body.error.code).toBe('session_expired');
    const noCsrf = await consoleFetch(url, '/api/console/auth/password', { method: 'POST', cookie, csrf: false, body: {} });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_header_missing');
  });

  it('slows down after repeated failures and locks the name for a while, for unknown names too', async () => {
    const a = await t.factory.account();
    const wrongKey = toB64u(new Uint8Array(32).fill(9));
    for (let i = 0; i < 3; i++) await login(a.username, wrongKey, '000000');
    const started = Date.now();
    await login(a.username, wrongKey, '000000');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    const redis = new Redis(REDIS_URL);
    const { throttleKey } = consoleSecrets({ SERVER_SECRET: t.factory.serverSecret, NODE_ENV: 'test' } as Env)!;
    try {
      for (const name of [a.username, 'unknown-name']) {
        await redis.set(throttleRedisKey(t.queuePrefix, throttleKey, name), '10', 'EX', 60);
        const locked = await login(name, a.authKey, codeAt(a.totpSecret));
        expect(locked.status).toBe(429);
        expect(locked.body.error.code).toBe('login_locked');
      }
      expect(await redis.keys(`${t.queuePrefix}:console:fail:*`)).not.toEqual(expect.arrayContaining([expect.stringContaining(a.username)]));
    } finally {
      redis.disconnect();
    }
    expect(await sessions(a.id)).toBe(0);
  });

  it('activates an invited account once: keys made in the browser, TOTP confirmed, link spent', async () => {
    const admin = await t.factory.account({ role: 'admin' });
    const adminCookie = await t.factory.session(admin);
    const invited = await consoleFetch(url, '/api/console/admin/accounts', { method: 'POST', cookie: adminCookie, body: { username: 'new.investigator', displayName: 'New Investigator', role: 'investigator' } });
    expect(invited.status).toBe(201);
    const token = invited.body.inviteToken;
    expect(JSON.stringify(await t.db.collection('invites').find().toArray())).not.toContain(token);

    const opened = await consoleFetch(url, '/api/console/auth/invite', { method: 'POST', body: { token } });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ username: 'new.investigator', purpose: 'activate' });
    expect(opened.body.totpUri).toMatch(/^otpauth:\/\/totp\/ClearChannel:new.investigator\?secret=/);

    const authSalt = newPasswordSalt();
    const pk = derivePasswordKeys('a new long password', authSalt);
    const keys = generateInvestigatorKeys();
    const recovery = generateRecoveryKey();
    const locked = lockInvestigatorKeys(keys, pk.encKey, recovery.bytes);
    const body = { token, authSalt, authKey: toB64u(pk.authKey), keys: locked, totp: codeAt(opened.body.totpSecret) };
    const wrongCode = await consoleFetch(url, '/api/console/auth/activate', { method: 'POST', body: { ...body, totp: body.totp === '000000' ? '111111' : '000000' } });
    expect(wrongCode.body.error.code).toBe('totp_wrong');
    const activated = await consoleFetch(url, '/api/console/auth/activate', { method: 'POST', body });
    expect(activated.status).toBe(200);
    expect(activated.headers.get('set-cookie')).toMatch(/^__Host-cc_console=/);
    const again = await consoleFetch(url, '/api/console/auth/activate', { method: 'POST', body });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('invite_not_found');
    const stored = await t.db.collection('investigators').findOne({ username: 'new.investigator' });
    expect(stored!.state).toBe('active');
    expect(stored!.boxPublicKey).toBe(locked.boxPublicKey);
  });

  it('changes the password with keys re-locked in the browser; the old password stops working', async () => {
    const a = await t.factory.account();
    const cookie = await t.factory.session(a);
    await awayFromTotpStepEdge(15_000);
    const authSalt = newPasswordSalt();
    const next = derivePasswordKeys('the second password', authSalt);
    const byPassword = relockWithNewPassword(a.locked, a.keys, next.encKey).byPassword;
    const wrong = await consoleFetch(url, '/api/console/auth/password', { method: 'POST', cookie, body: { currentAuthKey: toB64u(new Uint8Array(32)), next: { authSalt, authKey: toB64u(next.authKey), byPassword } } });
    expect(wrong.body.error.code).toBe('password_wrong');
    const ok = await consoleFetch(url, '/api/console/auth/password', { method: 'POST', cookie, body: { currentAuthKey: a.authKey, next: { authSalt, authKey: toB64u(next.authKey), byPassword } } });
    expect(ok.status).toBe(204);
    expect((await login(a.username, a.authKey, codeAt(a.totpSecret, -1))).body.error.code).toBe('login_failed');
    const fresh = await login(a.username, toB64u(next.authKey), codeAt(a.totpSecret));
    expect(fresh.status).toBe(200);
    expect(toB64u(unlockWithPassword(fresh.body.keys, next.encKey).sign.publicKey)).toBe(a.locked.signPublicKey);
  });

  it('restores access with the recovery key: same keys, new password', async () => {
    const a = await t.factory.account();
    await awayFromTotpStepEdge();
    const start = await consoleFetch(url, '/api/console/auth/recover/start', { method: 'POST', body: { username: a.username, totp: codeAt(a.totpSecret, -1) } });
    expect(start.status).toBe(200);
    const keys = unlockWithRecoveryKey({ ...start.body.keys, byPassword: a.locked.byPassword }, a.recoveryKey);
    const authSalt = newPasswordSalt();
    const pk = derivePasswordKeys('after recovery', authSalt);
    const next = { authSalt, authKey: toB64u(pk.authKey), byPassword: relockWithNewPassword(a.locked, keys, pk.encKey).byPassword };
    const statement = recoveryStatement(a.username, start.body.challenge, next);
    const forged = signCanonical(statement, generateInvestigatorKeys().sign.secretKey);
    const bad = await consoleFetch(url, '/api/console/auth/recover/finish', { method: 'POST', body: { username: a.username, challenge: start.body.challenge, signature: forged, next } });
    expect(bad.body.error.code).toBe('recovery_failed');
    const signature = signCanonical(statement, keys.sign.secretKey);
    const done = await consoleFetch(url, '/api/console/auth/recover/finish', { method: 'POST', body: { username: a.username, challenge: start.body.challenge, signature, next } });
    expect(done.status).toBe(200);
    expect(toB64u(unlockWithPassword(done.body.keys, pk.encKey).box.publicKey)).toBe(a.locked.boxPublicKey);
    // The challenge is spent.
    const replay = await consoleFetch(url, '/api/console/auth/recover/finish', { method: 'POST', body: { username: a.username, challenge: start.body.challenge, signature, next } });
    expect(replay.status).toBe(401);
  });

  it('an administrator reset leaves the account empty: keys, grants and sessions gone, a new link issued', async () => {
    const admin = await t.factory.account({ role: 'admin' });
    const a = await t.factory.account();
    await t.factory.member(a, 'aca@KZ-75');
    await t.factory.session(a);
    const res = await consoleFetch(url, `/api/console/admin/accounts/${a.id}/reset`, { method: 'POST', cookie: await t.factory.session(admin) });
    expect(res.status).toBe(200);
    expect(res.body.inviteToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.collection('investigators').findOne({ _id: a.id as never });
    expect(stored).toMatchObject({ state: 'invited' });
    expect(stored!.keysByPassword).toBeUndefined();
    expect(stored!.authVerifier).toBeUndefined();
    expect((await t.db.collection('memberships').findOne({ investigatorId: a.id }))!.grants).toEqual([]);
    expect(await sessions(a.id)).toBe(0);
    expect((await login(a.username, a.authKey, codeAt(a.totpSecret))).status).toBe(401);
    const opened = await consoleFetch(url, '/api/console/auth/invite', { method: 'POST', body: { token: res.body.inviteToken } });
    expect(opened.body.purpose).toBe('reset');
  });
});
