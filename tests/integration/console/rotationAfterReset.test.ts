import { cryptoReady, grantUnitKey, keyIdOf, toB64u } from '../../../core/crypto';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const UNIT_A = 'aca@KZ-75';
const UNIT_B = 'aca@KZ-71';

/**
 * Issue 13, item 4: a reset empties a person's unit grants, but the person may have kept the
 * unit keys. Removing them afterwards must still switch the unit to its standby key. Before the
 * fix, removal looked only at today's grants (empty after the reset): no rotation at all.
 */
describe('key rotation survives an account reset', () => {
  let t: ConsoleTestServer;
  let adminCookie: string;

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_reset_rotation', {}, { standbyUnits: [UNIT_A, UNIT_B] });
    adminCookie = await t.factory.session(await t.factory.account({ role: 'admin' }));
  });
  afterAll(async () => t?.stop());

  const asAdmin = (path: string, method = 'GET', body?: unknown) => consoleFetch(t.server.url, `/api/console/admin${path}`, { method, body, cookie: adminCookie });
  const publicStandby = async () => (await (await fetch(`${t.server.url}/api/policy`)).json()).standby;
  const membership = (id: string) => t.db.collection('memberships').findOne({ _id: id as never });

  /** Grant, reset, remove: the answer and the published policy must show the standby switch. */
  async function resetThenRemove(person: FactoryAccount, membershipId: string, unitId: string) {
    const reset = await asAdmin(`/accounts/${person.id}/reset`, 'POST');
    expect(reset.status).toBe(200);
    expect((await membership(membershipId))!.grants).toEqual([]);
    expect((await publicStandby())[unitId]).toBeUndefined();

    const removed = await asAdmin(`/memberships/${membershipId}`, 'DELETE');
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ unitId, rotationNeeded: true, standbyGeneration: 2 });
    expect((await publicStandby())[unitId]).toBe(2);
    expect((await asAdmin('/accounts')).body.rotationsNeeded.map((r: { unitId: string }) => r.unitId)).toContain(unitId);
  }

  it('a key granted through the console, then a reset, then removal: the unit switches to its standby key', async () => {
    const person = await t.factory.account();
    const added = await asAdmin('/memberships', 'POST', { investigatorId: person.id, unitId: UNIT_A, role: 'member' });
    expect(added.status).toBe(201);
    const unit = t.factory.unitKey(UNIT_A);
    const doc = {
      format: 'cc-unit-key-grant/1',
      unitId: UNIT_A,
      generation: 1,
      unitPublicKey: toB64u(unit.publicKey),
      recipientKeyId: keyIdOf(person.keys.box.publicKey),
      grant: grantUnitKey(unit.secretKey, person.keys.box.publicKey),
    };
    expect((await asAdmin(`/memberships/${added.body.membershipId}/grants`, 'POST', doc)).status).toBe(201);
    // The record of held keys is written with the grant, apart from the grants themselves.
    expect((await membership(added.body.membershipId))!.heldGenerations).toEqual([1]);
    await resetThenRemove(person, added.body.membershipId, UNIT_A);
    expect((await membership(added.body.membershipId))!.heldGenerations).toEqual([1]);
  });

  it('a grant stored before held keys were recorded: the reset records it before emptying the grants', async () => {
    const person = await t.factory.account();
    // The factory writes the grant straight into the database, without `heldGenerations`.
    const membershipId = await t.factory.member(person, UNIT_B);
    expect((await membership(membershipId))!.heldGenerations).toBeUndefined();
    await resetThenRemove(person, membershipId, UNIT_B);
  });
});
