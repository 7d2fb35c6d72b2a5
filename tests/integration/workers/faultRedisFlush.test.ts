import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { startPrivateRedis, type Spawned } from '../../support/processes';
import { Case } from '../../../server/models/Case';
import { queueStats } from '../../../workers/monitoring/queueStats';
import { verifyAuditChain } from '../../../server/audit/verifyAuditChain';
import {
  BURST_ROUTINGS,
  BURST_STAFFED_UNITS,
  allRouted,
  connectTestDb,
  eventually,
  manyReports,
  routingInvariants,
  seedMembers,
  startApi,
  startFaultFerret,
  startWorkerProcess,
  submitAll,
  testStack,
} from './stack';

const N = 300;

/** Redis loses everything in the middle of a burst: the reconciler routes every stored case. */
describe('fault: Redis FLUSHALL during a burst', () => {
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let ferret: Awaited<ReturnType<typeof startFaultFerret>>;
  let stack: Awaited<ReturnType<typeof testStack>>;
  let server: Spawned & { url: string };
  let workers: Spawned;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    ferret = await startFaultFerret();
    stack = await testStack('wflush', { POW_DIFFICULTY: '0', RECONCILE_EVERY_SECONDS: '3', RECONCILE_AFTER_SECONDS: '2' }, ferret.uri, redis.url);
    await connectTestDb(stack.uri);
    await seedMembers(BURST_STAFFED_UNITS, 2);
    server = await startApi(stack.env);
    workers = await startWorkerProcess(stack.env);
  }, 60_000);
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(workers?.output());
    await workers?.stop();
    await server?.stop();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
    await ferret?.stop();
    await redis?.stop();
  });

  it('routes every stored case after the queues were wiped', async () => {
    const seen: number[] = [];
    const burst = submitAll(server.url, manyReports(stack.deployment, BURST_ROUTINGS, N), 8, seen);
    await eventually(async () => seen.length >= N * 0.25, 60_000, 20);
    // Hold the worker so route jobs pile up in Redis, then wipe Redis: those jobs are gone.
    workers.child.kill('SIGSTOP');
    await eventually(async () => seen.length >= N * 0.5, 60_000, 20);
    const admin = new Redis(redis.url);
    await admin.flushall();
    const pendingAtFlush = await Case.countDocuments({ routeState: 'pending' });
    workers.child.kill('SIGCONT');
    const statuses = await burst;
    await admin.quit();
    expect(statuses.filter((s) => s === 201)).toHaveLength(N);
    expect(pendingAtFlush).toBeGreaterThan(0);

    const done = await allRouted(N, 150_000);
    if (!done) {
      const conn = new Redis(redis.url, { maxRetriesPerRequest: null });
      console.log('not routed:', await Case.countDocuments({ routeState: 'pending' }), JSON.stringify(await queueStats(conn, stack.prefix)), workers.output().slice(-3000));
      conn.disconnect();
    }
    expect(done).toBe(true);
    // Counters and leftovers settle with the reconciler's next passes.
    const settled = (i: Awaited<ReturnType<typeof routingInvariants>>) => i.countersWrong.length === 0 && i.pendingCountsLeft === 0 && i.effectsLeft === 0;
    let inv = await routingInvariants();
    for (const started = Date.now(); !settled(inv) && Date.now() - started < 120_000; inv = await routingInvariants()) await new Promise((r) => setTimeout(r, 5000));
    expect(inv).toMatchObject({ cases: N, distinctTokens: N, unrouted: 0, effectsLeft: 0, routedOnceInCase: N, routedOnceInUnit: N, countersWrong: [], pendingCountsLeft: 0 });
    expect((await verifyAuditChain()).ok).toBe(true);
    console.log(`flush test: ${pendingAtFlush} cases were unrouted when Redis was wiped`);
  }, 240_000);
});
