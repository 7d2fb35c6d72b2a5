import { cryptoReady, generateBoxKeyPair, toB64u } from '../../../core/crypto';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { signPolicySource } from '../../support/deployment';
import { buildReport, submit } from '../../support/reporterClient';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const UNIT = 'aca@KZ-75';
const BRIBERY = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] as string[] };
type Source = Record<string, any>;

async function adminOf(t: ConsoleTestServer) {
  const cookie = await t.factory.session(await t.factory.account({ role: 'admin' }));
  return (path: string, method = 'GET', body?: unknown) => consoleFetch(t.server.url, `/api/console/admin${path}`, { method, body, cookie });
}
const sourceOf = (t: ConsoleTestServer) => structuredClone(t.deployment.signed.policy) as Source;
const sign = (t: ConsoleTestServer, source: Source) => signPolicySource(source, { secretKey: t.deployment.rootSecretKey, publicKey: t.deployment.rootPublicKey });
const unitOf = (source: Source) => source.units.find((u: { id: string }) => u.id === UNIT);

/**
 * Issue 13, item 7 (server side): no way back to an old unit key. A generation retired by a
 * signed policy stays retired although an older policy, still within its validity dates, lists
 * it as usable; and a newly uploaded policy cannot undo a standby switch.
 */
describe('the server refuses a wrap to a retired key generation, whatever an older policy says', () => {
  let t: ConsoleTestServer;
  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_retired_key');
  });
  afterAll(async () => t?.stop());

  it('after a policy retires generation 1, a report sealed to it under the older policy is refused and nothing is stored', async () => {
    const asAdmin = await adminOf(t);
    const source = sourceOf(t);
    const now = new Date().toISOString();
    const unit = unitOf(source);
    unit.keys = [{ ...unit.keys[0], retiredAt: now }, { generation: 2, publicKey: toB64u(generateBoxKeyPair().publicKey), createdAt: now }];
    source.version += 1;
    expect((await asAdmin('/policies', 'POST', { signed: sign(t, source) })).status).toBe(201);

    // Built with the first policy (still valid by its dates, listing generation 1 as current).
    const stale = buildReport(t.deployment, BRIBERY, 'sealed to a retired key', { fast: true });
    expect(stale.submission.wraps.find((w: { unitId: string }) => w.unitId === UNIT).generation).toBe(1);
    const cases = await t.db.collection('cases').countDocuments();
    const refused = await submit(t.server.url, stale);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('unknown_unit_key');
    expect(await t.db.collection('cases').countDocuments()).toBe(cases);
  });
});

describe('uploading a policy does not undo a standby switch', () => {
  let t: ConsoleTestServer;
  let asAdmin: Awaited<ReturnType<typeof adminOf>>;
  let lastSource: Source | undefined;
  const publicPolicy = async () => (await fetch(`${t.server.url}/api/policy`)).json();

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_standby_kept', {}, { standbyUnits: [UNIT] });
    asAdmin = await adminOf(t);
    const leaving: FactoryAccount = await t.factory.account();
    const removed = await asAdmin(`/memberships/${await t.factory.member(leaving, UNIT)}`, 'DELETE');
    expect(removed.body).toMatchObject({ rotationNeeded: true, standbyGeneration: 2 });
  });
  afterAll(async () => t?.stop());

  /** After each refusal: the switch holds, and a report sealed to generation 1 is still turned away. */
  async function switchHolds(installedVersions: number) {
    expect((await publicPolicy()).standby).toEqual({ [UNIT]: 2 });
    expect(await t.db.collection('policyversions').countDocuments()).toBe(installedVersions);
    const stale = buildReport(t.deployment, BRIBERY, 'sealed to the key the removed member kept', { fast: true });
    const res = await submit(t.server.url, stale);
    expect([res.status, res.body.error?.code]).toEqual([409, 'unit_key_rotated']);
  }

  it('refuses a newer policy that drops the standby while generation 1 is still current', async () => {
    const source = sourceOf(t);
    unitOf(source).keys = unitOf(source).keys.filter((k: { standby?: boolean }) => !k.standby);
    source.version += 1;
    const res = await asAdmin('/policies', 'POST', { signed: sign(t, source) });
    expect([res.status, res.body.error?.code]).toEqual([409, 'policy_undoes_standby']);
    await switchHolds(1);
  });

  it('refuses a newer policy that names another standby while generation 1 is still current', async () => {
    const source = sourceOf(t);
    const unit = unitOf(source);
    unit.keys = [unit.keys[0], { generation: 3, publicKey: toB64u(generateBoxKeyPair().publicKey), createdAt: new Date().toISOString(), standby: true }];
    source.version += 1;
    const res = await asAdmin('/policies', 'POST', { signed: sign(t, source) });
    expect([res.status, res.body.error?.code]).toEqual([409, 'policy_undoes_standby']);
    await switchHolds(1);
  });

  it('accepts a newer policy that keeps the standby listed (the switch stays), then one that promotes it', async () => {
    const same = sourceOf(t);
    same.version += 1;
    expect((await asAdmin('/policies', 'POST', { signed: sign(t, same) })).status).toBe(201);
    await switchHolds(2);

    const promoted = sourceOf(t);
    const unit = unitOf(promoted);
    const now = new Date().toISOString();
    const [gen1, gen2] = unit.keys;
    // As the custodian's `unit-rotate` does: the standby becomes current, a fresh standby 3 is signed.
    unit.keys = [{ ...gen1, retiredAt: now }, { generation: 2, publicKey: gen2.publicKey, createdAt: gen2.createdAt }, { generation: 3, publicKey: toB64u(generateBoxKeyPair().publicKey), createdAt: now, standby: true }];
    promoted.version += 2;
    lastSource = promoted;
    const res = await asAdmin('/policies', 'POST', { signed: sign(t, promoted) });
    expect([res.status, res.body.rotated]).toEqual([201, [UNIT]]);
    expect((await publicPolicy()).standby).toEqual({});
  });

  it('a rotation is only complete above every generation a removed member held', async () => {
    // Current generation 2, standby 3. This member also held the standby (granted early), so no
    // switch is possible; a policy that merely promotes 3 must not end the rotation (they hold 3).
    const holder = await t.factory.account();
    const membershipId = await t.factory.member(holder, UNIT);
    await t.db.collection('memberships').updateOne({ _id: membershipId as never }, { $set: { grants: [2, 3].map((generation) => ({ generation, sealed: 'x', recipientKeyId: 'y' })) } });
    const removed = await asAdmin(`/memberships/${membershipId}`, 'DELETE');
    expect(removed.body).toMatchObject({ rotationNeeded: true, standbyGeneration: null });

    const again = structuredClone(lastSource!);
    const unit = unitOf(again);
    const now = new Date().toISOString();
    const [gen1, gen2, gen3] = unit.keys;
    unit.keys = [gen1, { ...gen2, retiredAt: now }, { generation: 3, publicKey: gen3.publicKey, createdAt: gen3.createdAt }];
    again.version += 1;
    const res = await asAdmin('/policies', 'POST', { signed: sign(t, again) });
    expect([res.status, res.body.rotated]).toEqual([201, []]);
    expect((await asAdmin('/accounts')).body.rotationsNeeded.map((r: { unitId: string }) => r.unitId)).toEqual([UNIT]);
  });
});
