import { Redis } from 'ioredis';
import { Case } from '../../../server/models/Case';
import { queueStats } from '../../../workers/monitoring/queueStats';
import { verifyAuditChain } from '../../../server/audit/verifyAuditChain';
import { BURST_ROUTINGS, allRouted, eventually, manyReports, settledInvariants, startBurstStack, submitAll } from './stack';

const N = 300;

/** Redis loses everything in the middle of a burst: the reconciler routes every stored case. */
describe('fault: Redis FLUSHALL during a burst', () => {
  let b: Awaited<ReturnType<typeof startBurstStack>>;

  beforeAll(async () => {
    b = await startBurstStack('wflush', { RECONCILE_EVERY_SECONDS: '3', RECONCILE_AFTER_SECONDS: '2' }, { membersPerUnit: 2, privateRedis: true });
  }, 60_000);
  afterAll(async () => {
    await b?.stop();
  });

  it('routes every stored case after the queues were wiped', async () => {
    const seen: number[] = [];
    const burst = submitAll(b.server.url, manyReports(b.stack.deployment, BURST_ROUTINGS, N), 8, seen);
    await eventually(async () => seen.length >= N * 0.25, 60_000, 20);
    // Hold the worker so route jobs pile up in Redis, then wipe Redis: those jobs are gone.
    b.workers.child.kill('SIGSTOP');
    await eventually(async () => seen.length >= N * 0.5, 60_000, 20);
    const admin = new Redis(b.redis!.url);
    await admin.flushall();
    const pendingAtFlush = await Case.countDocuments({ routeState: 'pending' });
    b.workers.child.kill('SIGCONT');
    const statuses = await burst;
    await admin.quit();
    expect(statuses.filter((s) => s === 201)).toHaveLength(N);
    expect(pendingAtFlush).toBeGreaterThan(0);

    const done = await allRouted(N, 150_000);
    if (!done) {
      const conn = new Redis(b.redis!.url, { maxRetriesPerRequest: null });
      console.log('not routed:', await Case.countDocuments({ routeState: 'pending' }), JSON.stringify(await queueStats(conn, b.stack.prefix)), b.workers.output().slice(-3000));
      conn.disconnect();
    }
    expect(done).toBe(true);
    // Counters and leftovers settle with the reconciler's next passes.
    const inv = await settledInvariants();
    expect(inv).toMatchObject({ cases: N, distinctTokens: N, unrouted: 0, effectsLeft: 0, routedOnceInCase: N, routedOnceInUnit: N, countersWrong: [], pendingCountsLeft: 0 });
    expect((await verifyAuditChain()).breaks).toEqual([]);
    console.log(`flush test: ${pendingAtFlush} cases were unrouted when Redis was wiped`);
  }, 600_000);
});
