import { cryptoReady, fromB64u, generateBoxKeyPair, grantUnitKey, openUnitKeyGrant, generateSigningKeyPair, toB64u } from '../../../core/crypto';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { signPolicySource } from '../../support/deployment';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const UNIT = 'aca@KZ-75';

/** Unit membership: pending members, grants from a member's browser, removal and key rotation by a new signed policy. */
describe('unit membership and unit keys', () => {
  let t: ConsoleTestServer;
  let url: string;
  let admin: FactoryAccount;
  let adminCookie: string;
  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_keys');
    url = t.server.url;
    admin = await t.factory.account({ role: 'admin' });
    adminCookie = await t.factory.session(admin);
  });
  afterAll(async () => t?.stop());

  const asAdmin = (path: string, method = 'GET', body?: unknown) => consoleFetch(url, `/api/console/admin${path}`, { method, body, cookie: adminCookie });
  const signPolicy = (source: Record<string, unknown>, secretKey = t.deployment.rootSecretKey, publicKey = t.deployment.rootPublicKey) => signPolicySource(source, { secretKey, publicKey });

  it('a new member waits for the key; a key holder grants it from the browser; the grant opens only against the policy key', async () => {
    const holder = await t.factory.account();
    await t.factory.member(holder, UNIT);
    const newcomer = await t.factory.account();
    const added = await asAdmin('/memberships', 'POST', { investigatorId: newcomer.id, unitId: UNIT, role: 'member' });
    expect(added.status).toBe(201);
    const again = await asAdmin('/memberships', 'POST', { investigatorId: newcomer.id, unitId: UNIT, role: 'member' });
    expect(again.body.error.code).toBe('already_member');

    const holderCookie = await t.factory.session(holder);
    const units = await consoleFetch(url, '/api/console/units', { cookie: holderCookie });
    const pending = units.body.units[0].pendingMembers;
    expect(pending).toEqual([expect.objectContaining({ investigatorId: newcomer.id, boxPublicKey: newcomer.locked.boxPublicKey, generation: 1 })]);

    // The holder's browser: open its own grant, seal the unit key to the newcomer's public key.
    const myGrant = units.body.units[0].grants[0].grant;
    const { publicKey } = t.factory.unitPublicKey(UNIT);
    const unitKey = openUnitKeyGrant(myGrant, holder.keys.box, publicKey);
    const toWrongKey = grantUnitKey(unitKey.secretKey, generateBoxKeyPair().publicKey);
    const refused = await consoleFetch(url, `/api/console/units/${UNIT}/grants`, { method: 'POST', cookie: holderCookie, body: { investigatorId: newcomer.id, generation: 1, grant: toWrongKey } });
    expect(refused.body.error.code).toBe('grant_key_mismatch');
    const grant = grantUnitKey(unitKey.secretKey, fromB64u(pending[0].boxPublicKey, 32));
    const granted = await consoleFetch(url, `/api/console/units/${UNIT}/grants`, { method: 'POST', cookie: holderCookie, body: { investigatorId: newcomer.id, generation: 1, grant } });
    expect(granted.status).toBe(201);
    const twice = await consoleFetch(url, `/api/console/units/${UNIT}/grants`, { method: 'POST', cookie: holderCookie, body: { investigatorId: newcomer.id, generation: 1, grant } });
    expect(twice.body.error.code).toBe('grant_exists');

    const mine = await consoleFetch(url, '/api/console/units', { cookie: await t.factory.session(newcomer) });
    const opened = openUnitKeyGrant(mine.body.units[0].grants[0].grant, newcomer.keys.box, publicKey);
    expect(toB64u(opened.publicKey)).toBe(toB64u(publicKey));
    // A grant of some other key is refused by the browser's check against the policy key.
    expect(() => openUnitKeyGrant(mine.body.units[0].grants[0].grant, newcomer.keys.box, generateBoxKeyPair().publicKey)).toThrow(/does not match/);
  });

  it('removing a member reassigns their cases and asks for a key rotation, which a newer signed policy completes', async () => {
    const leaving = await t.factory.account();
    const staying = await t.factory.account();
    await t.factory.member(staying, UNIT);
    const membershipId = await t.factory.member(leaving, UNIT, { openCases: 1 });
    const c = await t.factory.routedCase({ category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }, { assigneeId: leaving.id });

    const removed = await asAdmin(`/memberships/${membershipId}`, 'DELETE');
    expect(removed.body).toEqual({ unitId: UNIT, rotationNeeded: true, standbyGeneration: null });
    expect((await t.db.collection('cases').findOne({ _id: c.id as never }))!.assigneeId).not.toBe(leaving.id);
    expect((await consoleFetch(url, `/api/console/cases/${c.id}`, { cookie: await t.factory.session(leaving) })).status).toBe(404);
    const listed = await asAdmin('/accounts');
    expect(listed.body.rotationsNeeded).toEqual([expect.objectContaining({ unitId: UNIT })]);
    const stayingUnits = await consoleFetch(url, '/api/console/units', { cookie: await t.factory.session(staying) });
    expect(stayingUnits.body.units[0].rotationNeeded).toBe(true);

    // The custodian rotates the unit key and signs a new version.
    const source = structuredClone(t.deployment.signed.policy) as Record<string, any>;
    const unit = source.units.find((u: { id: string }) => u.id === UNIT);
    const now = new Date().toISOString();
    unit.keys = [{ ...unit.keys[0], retiredAt: now }, { generation: 2, publicKey: toB64u(generateBoxKeyPair().publicKey), createdAt: now }];
    const forged = generateSigningKeyPair();
    const badSignature = await asAdmin('/policies', 'POST', { signed: signPolicy({ ...source, version: source.version + 1 }, forged.secretKey) });
    expect(badSignature.status).toBe(400);
    expect(badSignature.body.error.code).toBe('policy_bad_signature');
    const sameVersion = await asAdmin('/policies', 'POST', { signed: signPolicy({ ...source, version: source.version }) });
    expect(sameVersion.status).toBe(409);
    expect(sameVersion.body.error.code).toBe('policy_version_not_newer');
    expect(await t.db.collection('policyversions').countDocuments()).toBe(1);

    const installed = await asAdmin('/policies', 'POST', { signed: signPolicy({ ...source, version: source.version + 1 }) });
    expect(installed.status).toBe(201);
    expect(installed.body).toEqual({ version: source.version + 1, rotated: [UNIT] });
    expect((await asAdmin('/accounts')).body.rotationsNeeded).toEqual([]);
    const after = await consoleFetch(url, '/api/console/units', { cookie: await t.factory.session(staying) });
    expect(after.body.units[0]).toMatchObject({ currentGeneration: 2, rotationNeeded: false });
  });
});
