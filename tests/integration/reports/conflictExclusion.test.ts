/**
 * Conflict exclusion enforced by the server (issue 12): the routing answers are plaintext, so the
 * API refuses a forged submission that seals the case (or the identity) to a unit the signed
 * policy keeps away from it, and refuses to transfer a case there. Nothing is stored or changed.
 */
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { cryptoReady, fromB64u, generateIdentityKey, sealIdentity, unwrapDek, wrapDekForUnit, wrapIdentityKeyForUnit } from '../../../core/crypto';
import { currentUnitKey, type Policy } from '../../../core/policy';
import { reportReaders, type RoutingMetadata } from '../../../core/routing';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { buildReport, proofOfWork } from '../../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from '../console/consoleServer';

/** The example: retaliation against a whistleblower by a law-enforcement officer, Akmola. */
const RETALIATION_BY_OFFICER: RoutingMetadata = { category: 'retaliation', region: 'KZ-11', seniority: 'S3', amount: 'A0', flags: ['subject_in_aca', 'subject_in_afm'] };
const PERMITS: RoutingMetadata = { category: 'permits', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] };

function wrapFor(policy: Policy, unitId: string, seal: (publicKey: Uint8Array) => unknown) {
  const key = currentUnitKey(policy, unitId)!;
  return { unitId, generation: key.generation, wrap: seal(fromB64u(key.publicKey, 32)) };
}

describe('intake refuses wraps to excluded units and stores nothing', () => {
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  let db: mongoose.Connection;
  let redis: Redis;
  const prefix = uniqueName('excl');

  beforeAll(async () => {
    await cryptoReady();
    deployment = await createTestDeployment();
    const uri = mongoUriFor(uniqueName('exclusion'));
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: prefix, POW_DIFFICULTY: '4', ...deployment.env });
    db = await mongoose.createConnection(uri).asPromise();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    await redis?.quit();
  });

  const counts = async () => ({ cases: await db.collection('cases').countDocuments({}).catch(() => 0), jobs: (await redis.keys(`${prefix}:route:*`)).length });

  async function send(routing: RoutingMetadata, forge: (s: Record<string, any>, dek: Uint8Array) => void) {
    const report = buildReport(deployment, routing, 'conflict exclusion probe', { fast: true });
    const submission: Record<string, any> = { ...structuredClone(report.submission), pow: await proofOfWork(server.url, 'submit') };
    forge(submission, report.secrets.dek);
    const res = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(submission) });
    return { status: res.status, body: await res.json() };
  }

  it('the honest submission (sealed to the readers list) is accepted: the check is not over-broad', async () => {
    const res = await send(RETALIATION_BY_OFFICER, (s) => expect(s.wraps.map((w: { unitId: string }) => w.unitId)).toEqual(reportReaders(deployment.policy, RETALIATION_BY_OFFICER)));
    expect(res.status).toBe(201);
  });

  it.each<[string, RoutingMetadata, (s: Record<string, any>, dek: Uint8Array, p: Policy) => void]>([
    ['a DEK wrap to the regional anti-corruption unit (the old "notify aca")', RETALIATION_BY_OFFICER, (s, dek, p) => s.wraps.push(wrapFor(p, 'aca@KZ-11', (k) => wrapDekForUnit(dek as never, k)))],
    ['a DEK wrap to a financial-monitoring unit of another region', RETALIATION_BY_OFFICER, (s, dek, p) => s.wraps.push(wrapFor(p, 'afm@KZ-75', (k) => wrapDekForUnit(dek as never, k)))],
    [
      'an identity wrap to the anti-corruption unit',
      RETALIATION_BY_OFFICER,
      (s, _dek, p) => {
        const key = generateIdentityKey();
        s.identity = { sealed: sealIdentity(key, s.caseToken, '{"name":"x"}'), wraps: [wrapFor(p, 'prosecutor@KZ-11', (k) => wrapIdentityKeyForUnit(key, k)), wrapFor(p, 'aca@KZ-11', (k) => wrapIdentityKeyForUnit(key, k))] };
      },
    ],
    [
      "an identity wrap to the employer's own compliance service",
      PERMITS,
      (s, _dek, p) => {
        const key = generateIdentityKey();
        s.identity = { sealed: sealIdentity(key, s.caseToken, '{"name":"x"}'), wraps: [wrapFor(p, 'compliance@KZ-75', (k) => wrapIdentityKeyForUnit(key, k))] };
      },
    ],
  ])('refuses %s (400 excluded_unit_wrap)', async (_name, routing, forge) => {
    const before = await counts();
    const res = await send(routing, (s, dek) => forge(s, dek, deployment.policy));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('excluded_unit_wrap');
    expect(await counts()).toEqual(before);
  });
});

describe('the console never moves a case to an excluded unit', () => {
  let t: ConsoleTestServer;
  let supervisor: FactoryAccount;
  let cookie: string;
  const unit = 'prosecutor@KZ-11';

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_exclusion');
    supervisor = await t.factory.account({ role: 'supervisor' });
    await t.factory.member(supervisor, unit, { role: 'supervisor' });
    cookie = await t.factory.session(supervisor);
  });
  afterAll(async () => t?.stop());

  it('refuses a transfer to the anti-corruption unit with a valid re-wrap (400 excluded_unit), and changes nothing', async () => {
    const c = await t.factory.routedCase(RETALIATION_BY_OFFICER, { unitId: unit, assigneeId: supervisor.id });
    const stored = () => t.db.collection('cases').findOne({ _id: c.id as never });
    const before = await stored();
    // A member who holds the DEK re-wraps it correctly for the target's current key: still refused.
    const dek = unwrapDek(c.report.submission.wraps.find((w: { unitId: string }) => w.unitId === unit).wrap, t.deployment.unitKeys.get(unit)!);
    for (const target of ['aca@KZ-11', 'afm@KZ', 'aca@KZ']) {
      const body = { unitId: target, reason: 'outside_competence', wrap: wrapFor(t.deployment.policy, target, (k) => wrapDekForUnit(dek, k)) };
      const res = await consoleFetch(t.server.url, `/api/console/cases/${c.id}/transfer`, { method: 'POST', body, cookie });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('excluded_unit');
    }
    expect(await stored()).toEqual(before);
    // A unit that is not excluded is fine (the check is not over-broad).
    const ok = { unitId: 'prosecutor@KZ-75', reason: 'outside_competence', wrap: wrapFor(t.deployment.policy, 'prosecutor@KZ-75', (k) => wrapDekForUnit(dek, k)) };
    expect((await consoleFetch(t.server.url, `/api/console/cases/${c.id}/transfer`, { method: 'POST', body: ok, cookie })).status).toBe(200);
  });
});
