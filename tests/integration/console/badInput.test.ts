import { cryptoReady, toB64u } from '../../../core/crypto';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const BRIBERY = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };

/** Malformed console input: a clear 4xx JSON error, and nothing stored or changed. */
describe('console bad input', () => {
  let t: ConsoleTestServer;
  let url: string;
  let member: FactoryAccount;
  let cookie: string;
  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_bad');
    url = t.server.url;
    member = await t.factory.account();
    await t.factory.member(member, 'aca@KZ-75');
    cookie = await t.factory.session(member);
  });
  afterAll(async () => t?.stop());

  const expectError = (res: { status: number; body: any }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
  };

  it('refuses operator injection, unknown query fields and malformed ids', async () => {
    expectError(await consoleFetch(url, '/api/console/auth/login', { method: 'POST', body: { username: { $ne: '' }, authKey: 'x', totp: '1' } }), 400, 'operator_in_input');
    expectError(await consoleFetch(url, '/api/console/cases?status[$ne]=closed', { cookie }), 400, 'invalid_input');
    expectError(await consoleFetch(url, '/api/console/cases?pageSize=5000', { cookie }), 400, 'invalid_input');
    expectError(await consoleFetch(url, '/api/console/cases/not*an*id', { cookie }), 400, 'invalid_input');
    // A malformed % escape in a path parameter: the JSON 400, not a 500 (issue 13 item 9).
    expectError(await consoleFetch(url, '/api/console/cases/%E0%A4%A', { cookie }), 400, 'malformed_path');
    expectError(await consoleFetch(url, '/api/console/auth/login', { method: 'POST', body: { username: 'Admin With Spaces', authKey: toB64u(new Uint8Array(32)), totp: '123456' } }), 400, 'invalid_input');
  });

  it('refuses a status change that does not fit, and leaves the case as it was', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id });
    const before = await t.db.collection('cases').findOne({ _id: c.id as never });
    const path = `/api/console/cases/${c.id}/status`;
    expectError(await consoleFetch(url, path, { method: 'POST', cookie, body: { to: 'assessment', template: 'assessment_started' } }), 409, 'status_not_allowed');
    expectError(await consoleFetch(url, path, { method: 'POST', cookie, body: { to: 'acknowledged', template: 'acknowledged', outcome: 'referred' } }), 400, 'outcome_required');
    expectError(await consoleFetch(url, path, { method: 'POST', cookie, body: { to: 'closed', outcome: 'referred', template: 'closed_substantiated' } }), 400, 'template_not_allowed');
    expectError(await consoleFetch(url, path, { method: 'POST', cookie, body: { to: 'acknowledged', template: 'free text for the reporter' } }), 400, 'invalid_input');
    expectError(await consoleFetch(url, `/api/console/cases/${c.id}/extend`, { method: 'POST', cookie, body: { days: 365, reason: 'extension_complexity' } }), 400, 'invalid_input');
    expectError(await consoleFetch(url, `/api/console/cases/${c.id}/messages`, { method: 'POST', cookie, body: { messageId: 'AAAAAAAAAAAAAAAAAAAAAA', sealed: { v: 1, alg: 'xchacha20poly1305-ietf', nonce: 'A'.repeat(32), ct: 'A'.repeat(30) } } }), 400, 'invalid_input');
    expect(await t.db.collection('cases').findOne({ _id: c.id as never })).toEqual(before);
    expect(await t.db.collection('messages').countDocuments({ caseId: c.id })).toBe(0);
  });

  it('refuses an activation with malformed keys without spending the link', async () => {
    const admin = await t.factory.account({ role: 'admin' });
    const invited = await consoleFetch(url, '/api/console/admin/accounts', { method: 'POST', cookie: await t.factory.session(admin), body: { username: 'malformed.keys', displayName: 'M', role: 'investigator' } });
    const token = invited.body.inviteToken;
    await consoleFetch(url, '/api/console/auth/invite', { method: 'POST', body: { token } });
    const res = await consoleFetch(url, '/api/console/auth/activate', {
      method: 'POST',
      body: { token, authSalt: 'A'.repeat(22), authKey: 'A'.repeat(43), totp: '123456', keys: { v: 1, boxPublicKey: 'A'.repeat(43), signPublicKey: 'A'.repeat(43), byPassword: { v: 2 }, byRecovery: {} } },
    });
    expectError(res, 400, 'invalid_input');
    expect((await t.db.collection('invites').findOne({ investigatorId: invited.body.investigatorId }))!.usedAt).toBeUndefined();
    expect((await consoleFetch(url, '/api/console/auth/invite', { method: 'POST', body: { token } })).status).toBe(200);
  });
});
