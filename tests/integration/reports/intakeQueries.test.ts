import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { buildReport, proofOfWork, submit } from '../../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import type { CommandTimings } from '../../../server/infra/commandShapes';

const ROUTING = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };

/**
 * A new report reads nothing it cannot find: on the embedded engine a lookup by `_id` that finds
 * nothing scans the whole collection, and before, every new report made two such lookups (its
 * token's key, then a legacy case id). The proof of work is bound to the submission, so a retried
 * request still gets the stored answer, and the same proof for another report stays a replay.
 * The commands are counted from the API process's own driver (CC_DB_TIMINGS_FILE).
 */
describe('intake queries', () => {
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  const uri = mongoUriFor(uniqueName('intakeq'));
  const queuePrefix = uniqueName('q');
  const timingsFile = path.join(os.tmpdir(), `${uniqueName('intake-timings')}-%p.json`);
  const timings = (): CommandTimings => {
    const file = fs.readdirSync(os.tmpdir()).find((f) => f.startsWith(path.basename(timingsFile).split('%p')[0]));
    return file ? JSON.parse(fs.readFileSync(path.join(os.tmpdir(), file), 'utf8')) : {};
  };
  const settle = () => new Promise((r) => setTimeout(r, 1300)); // the process rewrites the file every second

  beforeAll(async () => {
    deployment = await createTestDeployment();
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: queuePrefix, POW_DIFFICULTY: '1', CC_DB_TIMINGS_FILE: timingsFile, ...deployment.env });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    const conn = await mongoose.createConnection(uri).asPromise();
    await conn.dropDatabase();
    await conn.close();
    const prefix = path.basename(timingsFile).split('%p')[0];
    for (const f of fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(prefix))) fs.rmSync(path.join(os.tmpdir(), f));
  });

  it('a new report inserts its key, body and case, and looks nothing up in cases or caseKeys', async () => {
    await submit(server.url, buildReport(deployment, ROUTING, 'warm-up', { fast: true })); // connections, policy
    await settle();
    const before = timings();
    expect((await submit(server.url, buildReport(deployment, ROUTING, 'a new report', { fast: true }))).status).toBe(201);
    await settle();
    const after = timings();
    // Keys carry the filter's fields ("cases.find{_id}"): sum every shape of the command.
    const total = (t: CommandTimings, key: string) => Object.entries(t).reduce((n, [k, v]) => n + (k === key || k.startsWith(`${key}{`) ? v.count : 0), 0);
    const count = (key: string) => total(after, key) - total(before, key);
    expect(count('caseKeys.insert')).toBe(1);
    expect(count('caseBodies.insert')).toBe(1);
    expect(count('cases.insert')).toBe(1);
    expect(count('cases.find')).toBe(0);
    expect(count('caseKeys.find')).toBe(0);
  });

  it('the same request sent again gets the stored answer; the same proof for another report is a replay', async () => {
    const report = buildReport(deployment, ROUTING, 'sent twice', { fast: true });
    const pow = await proofOfWork(server.url, 'submit');
    const first = await submit(server.url, report, pow);
    const again = await submit(server.url, report, pow);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.receivedAt).toBe(first.body.receivedAt);
    const other = await submit(server.url, buildReport(deployment, ROUTING, 'another report', { fast: true }), pow);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('pow_unknown');
    // The spent marker keeps a keyed value, never the submission hash the case stores: with a
    // Redis and a database dump, its expiry would otherwise date the report to the second.
    const conn = await mongoose.createConnection(uri).asPromise();
    const stored = await conn.collection('cases').find({}, { projection: { submissionHash: 1 } }).toArray();
    await conn.close();
    const redis = new Redis(REDIS_URL);
    const markers = await redis.keys(`${queuePrefix}:pow:spent:*`);
    const values = await Promise.all(markers.map((k) => redis.get(k)));
    redis.disconnect();
    expect(markers.length).toBeGreaterThanOrEqual(3);
    expect(stored.length).toBe(3);
    for (const c of stored) expect(values).not.toContain(c.submissionHash);
  });
});
