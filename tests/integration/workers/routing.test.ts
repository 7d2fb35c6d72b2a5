import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { awayFromBucketEnd, pollUntil } from '../../support/polling';
import type { RoutingMetadata } from '../../../core/routing';
import { buildReport, submit } from '../../support/reporterClient';
import type { Spawned } from '../../support/processes';
import { AuditEvent } from '../../../server/models/AuditEvent';
import { Case } from '../../../server/models/Case';
import { Membership } from '../../../server/models/Membership';
import { verifyAuditChain } from '../../../server/audit/verifyAuditChain';
import { appendHeldAudit, heldAudit } from '../../../server/audit/heldAudit';
import { owedEffects } from '../../../workers/routeEffects';
import { caseOf, connectTestDb, eventually, seedMembers, startApi, startWorkerProcess, testStack } from './stack';

const base: RoutingMetadata = { category: 'other', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] };
const m = (over: Partial<RoutingMetadata>): RoutingMetadata => ({ ...base, ...over });

/** One report per rule of the default policy (and its national variants): rule → expected unit. */
const TABLE: [string, RoutingMetadata, string][] = [
  ['R1', m({ category: 'retaliation' }), 'prosecutor@KZ-75'],
  ['R2', m({ category: 'bribery', flags: ['subject_in_aca'] }), 'prosecutor@KZ'],
  ['R3', m({ category: 'bribery', seniority: 'S1', region: 'KZ-10' }), 'aca@KZ'],
  ['R4', m({ category: 'bribery' }), 'aca@KZ-75'],
  ['R5', m({ category: 'procurement', flags: ['bidder_collusion'] }), 'competition@KZ-75'],
  ['R6', m({ category: 'procurement', amount: 'A2' }), 'aca@KZ-75'],
  ['R7', m({ category: 'procurement' }), 'fin_control@KZ-75'],
  ['R8a', m({ category: 'budget_misuse', seniority: 'S2' }), 'aca@KZ-75'],
  ['R8b', m({ category: 'budget_misuse', amount: 'A2' }), 'afm@KZ-75'],
  ['R8c', m({ category: 'budget_misuse', amount: 'A1' }), 'fin_control@KZ-75'],
  ['R9', m({ category: 'tax_customs', region: 'KZ-71' }), 'afm@KZ-71'],
  ['R10a', m({ category: 'conflict_of_interest', seniority: 'S2' }), 'aca@KZ-75'],
  ['R10b', m({ category: 'gifts_restrictions' }), 'ethics@KZ-75'],
  ['R10c', m({ category: 'gifts_restrictions', flags: ['criminal_signs'] }), 'aca@KZ-75'],
  ['R11a', m({ category: 'permits', flags: ['criminal_signs'] }), 'aca@KZ-75'],
  ['R11b', m({ category: 'land_agri', region: 'KZ-47' }), 'compliance@KZ-47'],
  ['R12', m({ category: 'ethics', seniority: 'S1' }), 'ethics@KZ'],
  ['R13', m({ category: 'bribery', region: 'unknown' }), 'triage@KZ'],
];

describe('route worker, end to end (HTTP intake → Redis → worker process → case)', () => {
  let stack: Awaited<ReturnType<typeof testStack>>;
  let server: Spawned & { url: string };
  let workers: Spawned;

  beforeAll(async () => {
    stack = await testStack('wroute');
    await connectTestDb(stack.uri);
    await seedMembers(['aca@KZ-75', 'prosecutor@KZ-75'], 2);
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

  it('sends a case of every rule of the default policy to the expected unit', async () => {
    // The workers' own minute flush uses the real clock: keep the held-audit checks inside one bucket.
    await awayFromBucketEnd(stack.deployment.policy.timeRoundingMinutes * 60_000);
    expect(stack.deployment.policy.rules.map((r) => r.id).filter((id) => !TABLE.some((row) => row[0] === id))).toEqual([]);
    const reports = TABLE.map(([, routing]) => buildReport(stack.deployment, routing, 'secret content', { fast: true }));
    for (const r of reports) expect((await submit(server.url, r)).status).toBe(201);
    const routed = await eventually(async () => (await Case.countDocuments({ routeState: 'routed' })) === reports.length, 30_000);
    expect(routed).toBe(true);
    for (const [i, [ruleId, , unit]] of TABLE.entries()) {
      const c = await caseOf(reports[i]);
      expect({ ruleId: c!.ruleId, unitId: c!.unitId }).toEqual({ ruleId, unitId: unit });
      expect(c!.chain[0]).toBe(unit);
      expect(c!.deadlines.acknowledgeBy.getTime()).toBeGreaterThan(c!.receivedAt.getTime());
      expect(c!.deadlines.nextDue.getTime()).toBeLessThanOrEqual(c!.deadlines.answerBy.getTime());
      // The reporter's timeline says "routed" and nothing about where.
      const routedEntry = c!.timeline.find((t: { kind: string }) => t.kind === 'routed');
      expect(routedEntry).toBeDefined();
      expect(JSON.stringify(c!.timeline)).not.toContain('@');
      // Held for the end of its rounding bucket, not yet in the chain (server/audit/heldAudit.ts).
      expect(await heldAudit().countDocuments({ caseId: c!._id, action: 'routed', releaseAt: { $gt: c!.receivedAt } })).toBe(1);
      expect(await AuditEvent.countDocuments({ scope: `case:${c!._id}`, action: 'routed' })).toBe(0);
    }
    // The bucket's end: the batch appends each entry once, to the case's chain and its unit's.
    const end = new Date(Math.max(...(await heldAudit().find({}).toArray()).map((h) => h.releaseAt.getTime())));
    expect(await appendHeldAudit(end)).toBe(reports.length);
    expect(await appendHeldAudit(end)).toBe(0);
    for (const r of reports) expect(await AuditEvent.countDocuments({ scope: `case:${(await caseOf(r))!._id}`, action: 'routed' })).toBe(1);
    const report = await verifyAuditChain();
    expect(report.ok).toBe(true);
    expect(report.entries).toBeGreaterThanOrEqual(reports.length * 2);

    // Redis keeps nothing of the finished case jobs: no job, no event stream (whose ids are ms times).
    const redis = new Redis(stack.env.REDIS_URL);
    try {
      const kept = /:(route|notify):(events|completed|failed|route-.*|notify-.*)$/;
      const keys = await pollUntil(() => redis.keys(`${stack.prefix}:*`), (all) => !all.some((k) => kept.test(k)), 15_000);
      expect(keys.filter((k) => kept.test(k))).toEqual([]);
    } finally {
      redis.disconnect();
    }
  }, 300_000);

  it('assigns the least-loaded member who is not recused, and counts it', async () => {
    const reports = [0, 1, 2, 3].map(() => buildReport(stack.deployment, m({ category: 'bribery' }), 'x', { fast: true }));
    for (const r of reports) expect((await submit(server.url, r)).status).toBe(201);
    await eventually(async () => (await Promise.all(reports.map(caseOf))).every((c) => c?.routeState === 'routed') && (await owedEffects().countDocuments({})) === 0);
    const members = await Membership.find({ unitId: 'aca@KZ-75' }).lean<{ investigatorId: string; openCases: number; pendingCounts: string[] }[]>();
    const assigned = await Case.aggregate([{ $match: { unitId: 'aca@KZ-75' } }, { $group: { _id: '$assigneeId', n: { $sum: 1 } } }]);
    for (const mem of members) {
      expect(mem.openCases).toBe(assigned.find((a) => a._id === mem.investigatorId)?.n ?? 0);
      expect(mem.pendingCounts).toEqual([]);
    }
    // Balanced: the two members' loads differ by at most one.
    expect(Math.abs(members[0].openCases - members[1].openCases)).toBeLessThanOrEqual(1);
  });

  it('takes the next unit of the chain holding a wrap when the primary has none', async () => {
    const r = buildReport(stack.deployment, m({ category: 'bribery', region: 'KZ-75' }), 'x', { fast: true });
    r.submission.wraps = r.submission.wraps.filter((w: { unitId: string }) => w.unitId !== 'aca@KZ-75');
    expect((await submit(server.url, r)).status).toBe(201);
    const c = await eventually(async () => {
      const found = await caseOf(r);
      return found?.routeState === 'routed' ? found : null;
    });
    expect(c!.unitId).toBe('prosecutor@KZ-75');
  });

  it('never gives a new case to a member whose account is disabled', async () => {
    const members = await Membership.find({ unitId: 'aca@KZ-75' }).sort({ openCases: 1, _id: 1 }).lean<{ investigatorId: string }[]>();
    // The member the router would pick next (fewest open cases) is the one suspended.
    const suspended = members[0].investigatorId;
    await mongoose.connection.collection('investigators').insertOne({ _id: suspended as never, username: 'suspended', state: 'disabled' });
    try {
      const reports = [0, 1, 2].map(() => buildReport(stack.deployment, m({ category: 'bribery' }), 'x', { fast: true }));
      for (const r of reports) expect((await submit(server.url, r)).status).toBe(201);
      const cases = await eventually(async () => {
        const found = await Promise.all(reports.map(caseOf));
        return found.every((c) => c?.routeState === 'routed') ? found : null;
      });
      expect(cases!.map((c) => c!.assigneeId)).toEqual([members[1].investigatorId, members[1].investigatorId, members[1].investigatorId]);
    } finally {
      await mongoose.connection.collection('investigators').deleteOne({ _id: suspended as never });
    }
  });
});
