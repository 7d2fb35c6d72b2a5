import { cryptoReady, fromUtf8, openReportBody, openUnitKeyGrant, unwrapDek } from '../../../core/crypto';
import { routeCase, type RoutingMetadata } from '../../../core/routing';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const RETALIATION: RoutingMetadata = { category: 'retaliation', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] };

/**
 * Issue 14 item 3: a notified unit with a copy view ("+ notify aca" of R1) reads the case
 * read-only in the console's copies view, audited; it cannot work on the case, and nobody else
 * reads the copy.
 */
describe('read-only copies for notified units', () => {
  let t: ConsoleTestServer;
  let url: string;
  let acaMember: FactoryAccount;
  let prosecutor: FactoryAccount;
  let outsider: FactoryAccount;
  const cookies: Record<string, string> = {};
  const as = (who: string, path: string, options: { method?: string; body?: unknown } = {}) => consoleFetch(url, path, { ...options, cookie: cookies[who] });

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_copies');
    url = t.server.url;
    acaMember = await t.factory.account();
    prosecutor = await t.factory.account();
    outsider = await t.factory.account();
    await t.factory.member(acaMember, 'aca@KZ-75');
    await t.factory.member(prosecutor, 'prosecutor@KZ-75');
    await t.factory.member(outsider, 'aca@KZ-71');
    for (const [name, a] of Object.entries({ acaMember, prosecutor, outsider })) cookies[name] = await t.factory.session(a);
  });
  afterAll(async () => t?.stop());

  /** A retaliation case as the route worker leaves it: held by the prosecutor, aca as copy unit. */
  async function retaliationCase(text: string) {
    const route = routeCase(t.deployment.policy, RETALIATION);
    expect(route.copyUnits).toEqual(['aca@KZ-75']);
    const c = await t.factory.routedCase(RETALIATION, { text });
    expect(c.report.submission.wraps.map((w: { unitId: string }) => w.unitId)).toContain('aca@KZ-75');
    await t.db.collection('cases').updateOne({ _id: c.id as never }, { $set: { notifiedUnits: route.notifyUnits, copyUnits: route.copyUnits } });
    return c;
  }

  it('lists the copy and opens it with the copy unit’s key; the opening is audited', async () => {
    const c = await retaliationCase('I was dismissed after reporting the bribe.');
    const list = await as('acaMember', '/api/console/copies');
    expect(list.status).toBe(200);
    const row = list.body.items.find((i: { id: string }) => i.id === c.id);
    expect(row).toMatchObject({ copyUnit: 'aca@KZ-75', holdingUnit: 'prosecutor@KZ-75', status: 'received' });
    expect(JSON.stringify(row)).not.toMatch(/"(body|wraps|caseToken)"/);

    const copy = await as('acaMember', `/api/console/copies/${c.id}`);
    expect(copy.status).toBe(200);
    // Only my unit's wrap; no identity, notes or members.
    expect(copy.body.wraps.map((w: { unitId: string }) => w.unitId)).toEqual(['aca@KZ-75']);
    expect(Object.keys(copy.body).sort()).toEqual(['body', 'caseToken', 'copyUnit', 'holdingUnit', 'id', 'outcome', 'policyVersion', 'receivedAt', 'routing', 'status', 'timeline', 'wraps']);
    const units = await as('acaMember', '/api/console/units');
    const grant = units.body.units.find((u: { unitId: string }) => u.unitId === 'aca@KZ-75').grants[0];
    const unitKey = openUnitKeyGrant(grant.grant, acaMember.keys.box, t.factory.unitPublicKey('aca@KZ-75').publicKey);
    const dek = unwrapDek(copy.body.wraps[0].wrap, unitKey);
    expect(JSON.parse(fromUtf8(openReportBody(dek, copy.body.caseToken, copy.body.body))).description).toContain('dismissed');

    const audit = await t.db.collection('auditevents').find({ action: 'copy.opened' }).toArray();
    expect(audit.map((a) => a.scope).sort()).toEqual([`case:${c.id}`, 'unit:aca@KZ-75']);
    expect(audit.every((a) => a.actor === acaMember.id)).toBe(true);
  });

  it('gives the copy unit no work on the case: the case commands answer 404 as for any stranger', async () => {
    const c = await retaliationCase('read only');
    expect((await as('acaMember', `/api/console/cases/${c.id}`)).status).toBe(404);
    expect((await as('acaMember', `/api/console/cases/${c.id}/acknowledge`, { method: 'POST' })).status).toBe(404);
    // The holding unit works as before, and sees no copy of its own case.
    expect((await as('prosecutor', `/api/console/cases/${c.id}`)).status).toBe(200);
    expect((await as('prosecutor', '/api/console/copies')).body.items).toEqual([]);
  });

  it('refuses anyone else, a purged case and a malformed id, and writes no audit entry for them', async () => {
    const c = await retaliationCase('not for you');
    const before = await t.db.collection('auditevents').countDocuments({ action: 'copy.opened' });
    const stranger = await as('outsider', `/api/console/copies/${c.id}`);
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('copy_not_found');
    expect((await as('outsider', '/api/console/copies')).body.items).toEqual([]);
    expect((await as('prosecutor', `/api/console/copies/${c.id}`)).body.error.code).toBe('copy_not_found');
    const bad = await as('acaMember', '/api/console/copies/not*an*id');
    expect(bad.status).toBe(400);
    await t.db.collection('cases').updateOne({ _id: c.id as never }, { $set: { purgedAt: new Date() } });
    expect((await as('acaMember', `/api/console/copies/${c.id}`)).status).toBe(404);
    expect((await as('acaMember', '/api/console/copies')).body.items.map((i: { id: string }) => i.id)).not.toContain(c.id);
    expect(await t.db.collection('auditevents').countDocuments({ action: 'copy.opened' })).toBe(before);
    expect((await consoleFetch(url, '/api/console/copies')).status).toBe(401);
  });
});
