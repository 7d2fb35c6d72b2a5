import mongoose from 'mongoose';
import type { Spawned } from '../../support/processes';
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

/** The database restarts in the middle of a burst: 503 meanwhile, then no case lost or doubled. */
describe('fault: database restarted during a burst', () => {
  let ferret: Awaited<ReturnType<typeof startFaultFerret>>;
  let stack: Awaited<ReturnType<typeof testStack>>;
  let server: Spawned & { url: string };
  let workers: Spawned;

  beforeAll(async () => {
    ferret = await startFaultFerret();
    stack = await testStack('wdbdown', { POW_DIFFICULTY: '0', RECONCILE_EVERY_SECONDS: '3' }, ferret.uri);
    await connectTestDb(stack.uri);
    await seedMembers(BURST_STAFFED_UNITS, 2);
    server = await startApi(stack.env);
    workers = await startWorkerProcess(stack.env);
  }, 60_000);
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output(), workers?.output());
    await workers?.stop();
    await server?.stop();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
    await ferret?.stop();
  });

  it('answers 503 while the database is down, recovers, and loses or duplicates no case', async () => {
    const readyz = async () => (await fetch(`${server.url}/readyz`)).status;
    const reports = manyReports(stack.deployment, BURST_ROUTINGS, N);
    const seen: number[] = [];
    const burst = submitAll(server.url, reports, 8, seen);
    await eventually(async () => seen.length >= N * 0.3, 60_000, 20);

    await ferret.stop('SIGKILL');
    const downAt = seen.length;
    expect(await eventually(async () => (await readyz()) === 503, 15_000)).toBe(true);
    // Submissions get 503 too (the client retries them after the restart).
    expect(await eventually(async () => seen.slice(downAt).includes(503), 15_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 2000));
    ferret = await startFaultFerret(ferret.dataDir, ferret.port);
    expect(await eventually(async () => (await readyz()) === 200, 30_000)).toBe(true);

    const statuses = await burst;
    expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
    expect(await allRouted(N, 120_000)).toBe(true);
    // Counters and leftovers settle with the reconciler's next passes.
    const settled = (i: Awaited<ReturnType<typeof routingInvariants>>) => i.countersWrong.length === 0 && i.pendingCountsLeft === 0 && i.effectsLeft === 0;
    let inv = await routingInvariants();
    for (const started = Date.now(); !settled(inv) && Date.now() - started < 120_000; inv = await routingInvariants()) await new Promise((r) => setTimeout(r, 5000));
    expect(inv).toMatchObject({ cases: N, distinctTokens: N, unrouted: 0, effectsLeft: 0, routedOnceInCase: N, routedOnceInUnit: N, countersWrong: [], pendingCountsLeft: 0 });
    expect((await verifyAuditChain()).ok).toBe(true);
    console.log(`db restart test: ${seen.filter((s) => s === 503).length} answers were 503 while the database was down`);
  }, 240_000);
});
