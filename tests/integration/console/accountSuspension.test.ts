import { cryptoReady } from '../../../core/crypto';
import type { RoutingMetadata } from '../../../core/routing';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const UNIT = 'aca@KZ-75';
const BRIBERY: RoutingMetadata = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };

/**
 * Disabling an account is a suspension (docs/console.md §8): the person's open cases go to the
 * other members at once, nobody can give them a case while disabled, and re-enabling restores
 * them as a normal member. Their memberships and key grants stay.
 */
describe('a disabled account holds no cases and gets none', () => {
  let t: ConsoleTestServer;
  let url: string;
  let adminCookie: string;
  let supervisor: FactoryAccount;
  let supervisorCookie: string;
  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_suspend');
    url = t.server.url;
    adminCookie = await t.factory.session(await t.factory.account({ role: 'admin' }));
    supervisor = await t.factory.account();
    await t.factory.member(supervisor, UNIT, { role: 'supervisor', openCases: 100 });
    supervisorCookie = await t.factory.session(supervisor);
  });
  afterAll(async () => t?.stop());

  const stored = (id: string) => t.db.collection('cases').findOne({ _id: id as never });
  const admin = (path: string) => consoleFetch(url, `/api/console/admin${path}`, { method: 'POST', cookie: adminCookie });

  it('disabling reassigns the open cases, ends the sessions, keeps the membership; assigning to the account is refused', async () => {
    const suspended = await t.factory.account();
    const colleague = await t.factory.account();
    await t.factory.member(suspended, UNIT, { openCases: 2 });
    await t.factory.member(colleague, UNIT);
    const open = [await t.factory.routedCase(BRIBERY, { assigneeId: suspended.id }), await t.factory.routedCase(BRIBERY, { assigneeId: suspended.id })];
    const closed = await t.factory.routedCase(BRIBERY, { assigneeId: suspended.id, status: 'closed' });
    const cookie = await t.factory.session(suspended);

    const res = await admin(`/accounts/${suspended.id}/disable`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ state: 'disabled', casesReassigned: 2 });
    for (const c of open) expect((await stored(c.id))!.assigneeId).toBe(colleague.id);
    // A closed case keeps its history: who worked it.
    expect((await stored(closed.id))!.assigneeId).toBe(suspended.id);
    const audit = await t.db.collection('auditevents').find({ scope: `case:${open[0].id}`, action: 'case.assigned' }).toArray();
    expect(audit.map((a) => a.details)).toEqual([{ from: suspended.id, to: colleague.id, cause: 'member_disabled' }]);
    expect((await consoleFetch(url, '/api/console/auth/me', { cookie })).status).toBe(401);
    const membership = await t.db.collection('memberships').findOne({ investigatorId: suspended.id });
    expect({ active: membership!.active, grants: membership!.grants.length }).toEqual({ active: true, grants: 1 });

    // The supervisor cannot hand a case back to the suspended account; the case is unchanged.
    const before = await stored(open[0].id);
    const refused = await consoleFetch(url, `/api/console/cases/${open[0].id}/assign`, { method: 'POST', cookie: supervisorCookie, body: { assigneeId: suspended.id } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('assignee_disabled');
    expect(await stored(open[0].id)).toEqual(before);

    // Disabling again finishes an interrupted disabling: a case still held (here written straight
    // in the database, as if the first call had died half-way) is handed on; nothing else changes.
    await t.db.collection('cases').updateOne({ _id: open[1].id as never }, { $set: { assigneeId: suspended.id } });
    const again = await admin(`/accounts/${suspended.id}/disable`);
    expect(again.body).toEqual({ state: 'disabled', casesReassigned: 1 });
    expect((await stored(open[1].id))!.assigneeId).toBe(colleague.id);
    expect((await admin(`/accounts/${suspended.id}/disable`)).body).toEqual({ state: 'disabled', casesReassigned: 0 });
    expect((await admin(`/accounts/${colleague.id}/enable`)).body.error.code).toBe('account_state');

    // The unit's member list says who is disabled, so the console can leave them out of "assign".
    const view = await consoleFetch(url, `/api/console/cases/${open[0].id}`, { cookie: supervisorCookie });
    expect(view.body.members.find((m: { id: string }) => m.id === suspended.id)).toMatchObject({ state: 'disabled' });
  });

  it('a recusal never hands the case to a disabled member, even the least loaded one', async () => {
    const suspended = await t.factory.account();
    const worker = await t.factory.account();
    await t.factory.member(suspended, UNIT, { openCases: 0 });
    await t.factory.member(worker, UNIT, { openCases: 5 });
    expect((await admin(`/accounts/${suspended.id}/disable`)).body.state).toBe('disabled');
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: worker.id });
    const recused = await consoleFetch(url, `/api/console/cases/${c.id}/recuse`, { method: 'POST', cookie: await t.factory.session(worker) });
    expect(recused.status).toBe(200);
    const after = (await stored(c.id))!.assigneeId;
    expect(after).not.toBe(suspended.id);
    expect(after).not.toBe(worker.id);

    // Enabled again: a normal member, who can be given cases.
    expect((await admin(`/accounts/${suspended.id}/enable`)).body).toEqual({ state: 'active', casesReassigned: 0 });
    const assigned = await consoleFetch(url, `/api/console/cases/${c.id}/assign`, { method: 'POST', cookie: supervisorCookie, body: { assigneeId: suspended.id } });
    expect(assigned.status).toBe(200);
    expect((await stored(c.id))!.assigneeId).toBe(suspended.id);
  });
});
