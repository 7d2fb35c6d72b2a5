import mongoose from 'mongoose';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { buildReport, submit } from '../../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';

/**
 * A database-only attacker writes a policy of their own (their keys, a higher version) into
 * the policies collection. The server ignores it: it is not signed by the pinned root key.
 */
describe('a forged policy written to the database', () => {
  let real: TestDeployment;
  let forged: TestDeployment;
  let server: Spawned & { url: string };
  let db: mongoose.Connection;

  beforeAll(async () => {
    real = await createTestDeployment();
    forged = await createTestDeployment((source) => (source.version = 99));
    const uri = mongoUriFor(uniqueName('forged'));
    db = await mongoose.createConnection(uri).asPromise();
    // The attacker's version is in the database before the server even starts.
    await db.collection('policyversions').insertOne({ _id: 99 as never, signed: forged.signed, uploadedAt: new Date() });
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '2', ...real.env });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('serves only the policy signed by the pinned root key', async () => {
    const { signed } = await (await fetch(`${server.url}/api/policy`)).json();
    expect(signed.policy.version).toBe(real.policy.version);
    expect(signed.signature.value).toBe(real.signed.signature.value);
    expect((await fetch(`${server.url}/api/policy/99`)).status).toBe(404);
  });

  it('refuses reports sealed to the forged keys and accepts the genuine ones', async () => {
    const routing = { category: 'ethics', region: 'KZ-10', seniority: 'S3', amount: 'A0', flags: [] };
    const toAttacker = buildReport(forged, routing, 'sealed to the attacker', { fast: true });
    const res = await submit(server.url, toAttacker);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toMatch(/unknown_policy_version|unknown_unit_key|wrap_key_mismatch/);
    // Even claiming the genuine policy version, wraps to the attacker's keys do not match.
    toAttacker.submission.policyVersion = real.policy.version;
    const again = await submit(server.url, toAttacker);
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('wrap_key_mismatch');
    expect((await submit(server.url, buildReport(real, routing, 'genuine', { fast: true }))).status).toBe(201);
    expect(await db.collection('cases').countDocuments({})).toBe(1);
  });
});
