import { cryptoReady } from '../../../core/crypto';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const UNIT = 'aca@KZ-75';

/**
 * Issue 13, item 5: an administrator who adds themselves to a unit is audited and shown to the
 * unit's members ("My units" lists them), and holds no key by that step alone. Before the fix
 * the unit's members saw nothing and the audit entry looked like any other addition.
 */
describe('an administrator who adds themselves to a unit', () => {
  let t: ConsoleTestServer;
  let admin: FactoryAccount;
  let member: FactoryAccount;
  let adminCookie: string;

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_self_added');
    admin = await t.factory.account({ role: 'admin' });
    member = await t.factory.account();
    await t.factory.member(member, UNIT);
    adminCookie = await t.factory.session(admin);
  });
  afterAll(async () => t?.stop());

  it('is shown to the members on My units, audited as such, and holds no key', async () => {
    const memberCookie = await t.factory.session(member);
    const unitOf = async (cookie: string) => (await consoleFetch(t.server.url, '/api/console/units', { cookie })).body.units.find((u: { unitId: string }) => u.unitId === UNIT);
    expect((await unitOf(memberCookie)).selfAddedAdmins ?? []).toEqual([]);

    const added = await consoleFetch(t.server.url, '/api/console/admin/memberships', { method: 'POST', cookie: adminCookie, body: { investigatorId: admin.id, unitId: UNIT, role: 'supervisor' } });
    expect([added.status, added.body.selfAdded]).toEqual([201, true]);

    const seen = (await unitOf(memberCookie)).selfAddedAdmins;
    expect(seen).toEqual([{ investigatorId: admin.id, name: `Test ${admin.username}`, role: 'supervisor', addedAt: expect.any(String) }]);
    // The administrator is also listed among colleagues waiting for the key: nothing was granted.
    expect((await unitOf(memberCookie)).pendingMembers.map((p: { investigatorId: string }) => p.investigatorId)).toContain(admin.id);

    const trail = await consoleFetch(t.server.url, `/api/console/units/${UNIT}/audit`, { cookie: adminCookie });
    expect(trail.body.entries[0]).toMatchObject({ actor: admin.id, action: 'member.self_added', details: { investigatorId: admin.id, role: 'supervisor', selfAdded: true } });
    const accounts = await consoleFetch(t.server.url, '/api/console/admin/audit/accounts', { cookie: adminCookie });
    expect(accounts.body.entries[0]).toMatchObject({ action: 'member.self_added', details: { unitId: UNIT } });
  });

  it('an addition by another administrator is not flagged', async () => {
    const other = await t.factory.account();
    const added = await consoleFetch(t.server.url, '/api/console/admin/memberships', { method: 'POST', cookie: adminCookie, body: { investigatorId: other.id, unitId: UNIT, role: 'member' } });
    expect([added.status, added.body.selfAdded]).toEqual([201, false]);
    const units = await consoleFetch(t.server.url, '/api/console/units', { cookie: await t.factory.session(member) });
    const listed = units.body.units.find((u: { unitId: string }) => u.unitId === UNIT).selfAddedAdmins.map((a: { investigatorId: string }) => a.investigatorId);
    expect(listed).toEqual([admin.id]);
  });
});
