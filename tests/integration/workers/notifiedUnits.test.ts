import mongoose from 'mongoose';
import type { RoutingMetadata } from '../../../core/routing';
import { buildReport, submit } from '../../support/reporterClient';
import type { Spawned } from '../../support/processes';
import { Redis } from 'ioredis';
import { Notification } from '../../../server/models/Notification';
import { notifyProcessor } from '../../../workers/processors/notifyProcessor';
import { caseOf, connectTestDb, eventually, insertCase, seedMembers, startApi, startWorkerProcess, testContext, testStack } from './stack';

const base: RoutingMetadata = { category: 'other', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] };
const m = (over: Partial<RoutingMetadata>): RoutingMetadata => ({ ...base, ...over });

/**
 * Issue 14 item 3: "+ notify aca" (R1) and "copy ethics" (R11b) reach people. The route worker
 * records the notified units and the copy units holding a wrap, and the notify worker tells every
 * member of each notified unit once (before, nothing read `notifyUnits`).
 */
describe('notified units (real API, Redis and worker processes)', () => {
  let stack: Awaited<ReturnType<typeof testStack>>;
  let server: Spawned & { url: string };
  let workers: Spawned;

  beforeAll(async () => {
    stack = await testStack('wnotified');
    await connectTestDb(stack.uri);
    await seedMembers(['prosecutor@KZ-75', 'aca@KZ-75', 'aca@KZ-11', 'ethics@KZ-47', 'compliance@KZ-47'], 2);
    server = await startApi(stack.env);
    workers = await startWorkerProcess(stack.env);
  }, 60_000);
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output(), workers?.output());
    await workers?.stop();
    await server?.stop();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });

  const routed = async (routing: RoutingMetadata) => {
    const report = buildReport(stack.deployment, routing, 'notified units', { fast: true });
    expect((await submit(server.url, report)).status).toBe(201);
    return (await eventually(async () => {
      const c = await caseOf(report);
      return c?.routeState === 'routed' ? c : null;
    }, 30_000))!;
  };
  const notified = (caseId: string, unitPrefix: string) =>
    eventually(async () => {
      const found = await Notification.find({ caseId, investigatorId: { $regex: `^inv-${unitPrefix}` } }).lean<{ investigatorId: string; kind: string }[]>();
      return found.length >= 2 ? found : null;
    }, 20_000);

  it('retaliation: the notified aca holds a wrap, is recorded as copy unit, and each member gets a `copy` notification', async () => {
    const c = await routed(m({ category: 'retaliation' }));
    expect(c.unitId).toBe('prosecutor@KZ-75');
    expect(c.wraps.map((w: { unitId: string }) => w.unitId)).toContain('aca@KZ-75');
    expect(c.notifiedUnits).toEqual(['aca@KZ-75']);
    expect(c.copyUnits).toEqual(['aca@KZ-75']);
    const notes = (await notified(c._id, 'aca_KZ_75'))!;
    expect(notes.map((n) => [n.investigatorId, n.kind]).sort()).toEqual([
      ['inv-aca_KZ_75-m0', 'copy'],
      ['inv-aca_KZ_75-m1', 'copy'],
    ]);
    // The holding unit still hears of it as a new case, and no other unit does.
    expect(await Notification.countDocuments({ caseId: c._id, investigatorId: { $regex: '^inv-prosecutor_KZ_75' } })).toBeGreaterThan(0);
    expect(await Notification.countDocuments({ caseId: c._id, investigatorId: { $regex: '^inv-aca_KZ_11' } })).toBe(0);
  }, 90_000);

  it('retaliation by an ACS officer: aca is neither notified nor wrapped (conflict exclusion)', async () => {
    const c = await routed(m({ category: 'retaliation', region: 'KZ-11', flags: ['subject_in_aca'] }));
    expect(c.notifiedUnits).toEqual([]);
    expect(c.copyUnits).toEqual([]);
    expect(JSON.stringify(c.wraps)).not.toContain('aca@');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await Notification.countDocuments({ caseId: c._id, investigatorId: { $regex: '^inv-aca' } })).toBe(0);
  }, 90_000);

  it('a notified unit without a view gets a `notice`; a job naming a unit the case did not notify tells nobody', async () => {
    const redis = new Redis(stack.env.REDIS_URL, { maxRetriesPerRequest: null });
    try {
      const { ctx, ready } = testContext(stack, redis);
      await ready();
      // As the route worker leaves a case whose rule notifies aca@KZ-11 without a copy view.
      const caseId = await insertCase(stack.deployment, m({ category: 'retaliation', region: 'KZ-11' }), new Date(), {
        routeState: 'routed', unitId: 'prosecutor@KZ-11', notifiedUnits: ['aca@KZ-11'], copyUnits: [],
      });
      expect(await notifyProcessor({ kind: 'notice', caseId, unitId: 'aca@KZ-11' }, ctx, { id: `notify-notice-${caseId}` })).toEqual({ notified: 2 });
      const notes = await Notification.find({ caseId }).lean<{ investigatorId: string; kind: string }[]>();
      expect(notes.map((x) => [x.investigatorId, x.kind]).sort()).toEqual([
        ['inv-aca_KZ_11-m0', 'notice'],
        ['inv-aca_KZ_11-m1', 'notice'],
      ]);
      // A forged or stale job: the unit is not one the case notified.
      expect(await notifyProcessor({ kind: 'copy', caseId, unitId: 'aca@KZ-75' }, ctx, { id: 'forged' })).toEqual({ notified: 0 });
      expect(await notifyProcessor({ kind: 'copy', caseId }, ctx, { id: 'no-unit' })).toEqual({ notified: 0 });
      expect(await Notification.countDocuments({ caseId })).toBe(2);
    } finally {
      redis.disconnect();
    }
  });

  it('R11b: the copied ethics unit (first step of the chain, one wrap) is a copy unit and is told', async () => {
    const c = await routed(m({ category: 'land_agri', region: 'KZ-47' }));
    expect(c.unitId).toBe('compliance@KZ-47');
    expect(c.notifiedUnits).toEqual(['ethics@KZ-47']);
    expect(c.copyUnits).toEqual(['ethics@KZ-47']);
    expect(c.wraps.filter((w: { unitId: string }) => w.unitId === 'ethics@KZ-47')).toHaveLength(1);
    const notes = (await notified(c._id, 'ethics_KZ_47'))!;
    expect(new Set(notes.map((n) => n.kind))).toEqual(new Set(['copy']));
  }, 90_000);
});
