import {
  cryptoReady,
  fromUtf8,
  grantUnitKey,
  keyIdOf,
  openReportBody,
  openUnitKeyGrant,
  toB64u,
  generateBoxKeyPair,
  unwrapDek,
} from '../../../core/crypto';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { signPolicySource } from '../../support/deployment';
import { buildReport, submit, storedCaseWithBody } from '../../support/reporterClient';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const UNIT = 'aca@KZ-75';
const BRIBERY = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };

/**
 * Removing a member who held the unit key rotates the unit key for new cases at once: the
 * unit switches to its standby generation (signed in advance, held only by the custodian).
 * The removed member's key opens nothing new; the remaining members get the standby from the
 * custodian; a newly signed policy later makes it the ordinary current generation.
 */
describe('unit key rotation on member removal (standby generation)', () => {
  let t: ConsoleTestServer;
  let url: string;
  let adminCookie: string;
  let leaving: FactoryAccount;
  let staying: FactoryAccount;
  let stayingMembership: string;
  let leavingMembership: string;

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_standby', {}, { standbyUnits: [UNIT] });
    url = t.server.url;
    adminCookie = await t.factory.session(await t.factory.account({ role: 'admin' }));
    leaving = await t.factory.account();
    staying = await t.factory.account();
    stayingMembership = await t.factory.member(staying, UNIT);
    leavingMembership = await t.factory.member(leaving, UNIT);
  });
  afterAll(async () => t?.stop());

  const asAdmin = (path: string, method = 'GET', body?: unknown) => consoleFetch(url, `/api/console/admin${path}`, { method, body, cookie: adminCookie });
  const publicPolicy = async () => (await fetch(`${url}/api/policy`)).json();
  const myUnit = async (who: FactoryAccount) => (await consoleFetch(url, '/api/console/units', { cookie: await t.factory.session(who) })).body.units.find((u: { unitId: string }) => u.unitId === UNIT);
  const caseCount = () => t.db.collection('cases').countDocuments();

  it('switches new reports to the standby key the moment a key holder is removed', async () => {
    expect((await publicPolicy()).standby).toEqual({});
    const before = buildReport(t.deployment, BRIBERY, 'before the removal', { fast: true });
    expect((await submit(url, before)).status).toBe(201);

    const removed = await asAdmin(`/memberships/${leavingMembership}`, 'DELETE');
    expect(removed.body).toEqual({ unitId: UNIT, rotationNeeded: true, standbyGeneration: 2 });
    expect((await publicPolicy()).standby).toEqual({ [UNIT]: 2 });
    expect(await myUnit(staying)).toMatchObject({ currentGeneration: 2, standbyActive: true, rotationNeeded: true, pendingMembers: [] });

    // A page that still seals to generation 1 is told to reload the policy; nothing is stored.
    const stale = buildReport(t.deployment, BRIBERY, 'sealed to the old key', { fast: true });
    const countBefore = await caseCount();
    const refused = await submit(url, stale);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('unit_key_rotated');
    expect(await caseCount()).toBe(countBefore);

    const fresh = buildReport(t.deployment, BRIBERY, 'after the removal', { fast: true, standby: { [UNIT]: 2 } });
    expect((await submit(url, fresh)).status).toBe(201);
    const stored = await storedCaseWithBody(t.db, fresh.secrets.caseToken);
    const wrap = stored!.wraps.find((w: { unitId: string }) => w.unitId === UNIT);
    expect(wrap.generation).toBe(2);
    // The removed member kept generation 1: it opens nothing sealed after the removal.
    expect(() => unwrapDek(wrap.wrap, t.deployment.unitKeys.get(UNIT)!)).toThrow();
    expect(fromUtf8(openReportBody(unwrapDek(wrap.wrap, t.deployment.standbyKeys.get(UNIT)!), fresh.secrets.caseToken, stored!.body))).toContain('after the removal');
  });

  it('the custodian grants the standby to a remaining member, who then opens new cases', async () => {
    const standby = t.deployment.standbyKeys.get(UNIT)!;
    const doc = {
      format: 'cc-unit-key-grant/1',
      unitId: UNIT,
      generation: 2,
      unitPublicKey: toB64u(standby.publicKey),
      recipientKeyId: keyIdOf(staying.keys.box.publicKey),
      grant: grantUnitKey(standby.secretKey, staying.keys.box.publicKey),
    };
    expect((await asAdmin(`/memberships/${stayingMembership}/grants`, 'POST', doc)).status).toBe(201);
    const unit = await myUnit(staying);
    const grant = unit.grants.find((g: { generation: number }) => g.generation === 2);
    const unitKey = openUnitKeyGrant(grant.grant, staying.keys.box, standby.publicKey);

    const report = buildReport(t.deployment, BRIBERY, 'readable by the one who stayed', { fast: true, standby: { [UNIT]: 2 } });
    expect((await submit(url, report)).status).toBe(201);
    const c = await t.db.collection('cases').findOne({ caseToken: report.secrets.caseToken });
    await t.db.collection('cases').updateOne({ _id: c!._id }, { $set: { routeState: 'routed', unitId: UNIT, assigneeId: staying.id } });
    const view = await consoleFetch(url, `/api/console/cases/${c!._id}`, { cookie: await t.factory.session(staying) });
    expect(view.status).toBe(200);
    const dek = unwrapDek(view.body.wraps.find((w: { generation: number }) => w.generation === 2).wrap, unitKey);
    expect(fromUtf8(openReportBody(dek, view.body.caseToken, view.body.body))).toContain('readable by the one who stayed');
  });

  it('a newly signed policy that promotes the standby ends the switch', async () => {
    const source = structuredClone(t.deployment.signed.policy) as Record<string, any>;
    const unit = source.units.find((u: { id: string }) => u.id === UNIT);
    const now = new Date().toISOString();
    const [gen1, gen2] = unit.keys;
    unit.keys = [{ ...gen1, retiredAt: now }, { generation: 2, publicKey: gen2.publicKey, createdAt: gen2.createdAt }, { generation: 3, publicKey: toB64u(generateBoxKeyPair().publicKey), createdAt: now, standby: true }];
    source.version += 1;
    const signed = signPolicySource(source, { secretKey: t.deployment.rootSecretKey, publicKey: t.deployment.rootPublicKey });
    const installed = await asAdmin('/policies', 'POST', { signed });
    expect(installed.body).toEqual({ version: source.version, rotated: [UNIT] });
    expect((await publicPolicy()).standby).toEqual({});
    expect(await myUnit(staying)).toMatchObject({ currentGeneration: 2, standbyActive: false, rotationNeeded: false });
    expect((await t.db.collection('unitstates').findOne({ _id: UNIT as never }))!.standbyGeneration).toBeUndefined();
  });

  it('a member who already held the standby leaves: no switch is possible, the unit waits for the custodian', async () => {
    // Generation 3 is the standby now; this member is granted it (as the custodian may do early).
    const holder = await t.factory.account();
    const membershipId = await t.factory.member(holder, UNIT);
    await t.db.collection('memberships').updateOne({ _id: membershipId as never }, { $push: { grants: { generation: 3, sealed: 'x', recipientKeyId: 'y' } } as never });
    const removed = await asAdmin(`/memberships/${membershipId}`, 'DELETE');
    expect(removed.body).toEqual({ unitId: UNIT, rotationNeeded: true, standbyGeneration: null });
    expect((await publicPolicy()).standby).toEqual({});
  });
});
