import mongoose from 'mongoose';
import type { Redis } from 'ioredis';
import { createQueueConnection } from '../../../server/infra/redis';
import { Case } from '../../../server/models/Case';
import { Membership } from '../../../server/models/Membership';
import { AuditEvent } from '../../../server/models/AuditEvent';
import { verifyAuditChain } from '../../../server/audit/verifyAuditChain';
import { routeCaseProcessor } from '../../../workers/processors/routeCaseProcessor';
import { runDeadlineScan } from '../../../workers/tasks/deadlineTask';
import { connectTestDb, insertCase, seedMembers, testContext, testStack } from './stack';

const BRIBERY = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] as string[] };
const MIN = 60_000;

/** Deadlines on a clock the test moves: reminder, escalation along the chain, overdue flags. */
describe('deadline task (controllable clock, real database and Redis)', () => {
  let stack: Awaited<ReturnType<typeof testStack>>;
  let connection: Redis;
  let t: ReturnType<typeof testContext>;

  beforeAll(async () => {
    stack = await testStack('wdeadline');
    await connectTestDb(stack.uri);
    await seedMembers(['aca@KZ-75', 'prosecutor@KZ-75'], 1);
    await seedMembers(['aca@KZ-75'], 1, 'supervisor');
    connection = createQueueConnection(stack.env.REDIS_URL);
    t = testContext(stack, connection);
    await t.ready();
  });
  afterAll(async () => {
    await t.ctx.queues.close();
    await connection.quit();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });

  async function routedCase(over: Record<string, unknown> = {}) {
    const receivedAt = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
    t.clock.now = new Date(receivedAt.getTime() + 5 * MIN);
    const id = await insertCase(stack.deployment, BRIBERY, receivedAt, over);
    await routeCaseProcessor({ caseId: id }, t.ctx);
    return (await Case.findById(id).lean<Record<string, any>>())!;
  }
  const reload = async (id: string) => (await Case.findById(id).lean<Record<string, any>>())!;
  const notifyJob = (id: string) => t.ctx.queues.queue('notify').getJob(id);

  it('sends a reminder once, when the reminder time comes and not before', async () => {
    const c = await routedCase();
    const remindAt = c.deadlines.nextDue.getTime();
    expect(remindAt).toBeLessThan(c.deadlines.acknowledgeBy.getTime());

    await runDeadlineScan(t.ctx, new Date(remindAt - MIN));
    expect((await reload(c._id)).remindersSent).toEqual([]);

    const first = await runDeadlineScan(t.ctx, new Date(remindAt + MIN));
    const again = await runDeadlineScan(t.ctx, new Date(remindAt + 2 * MIN));
    const after = await reload(c._id);
    expect(first.reminders).toBeGreaterThanOrEqual(1);
    expect(again.reminders).toBe(0);
    expect(after.remindersSent).toContain(`acknowledge@${remindAt}`);
    expect(after.deadlines.nextDue.getTime()).toBeGreaterThan(remindAt + MIN);
    expect(await notifyJob(`notify-reminder-${c._id}-acknowledge@${remindAt}`)).toBeDefined();
    expect(after.unitId).toBe('aca@KZ-75');
  });

  it('a missed acknowledgement alerts the unit head first, then moves the case once to prosecutor oversight (SLA chain)', async () => {
    const c = await routedCase();
    expect(c.chain).toEqual(['aca@KZ-75', 'prosecutor@KZ-75']);
    const acaMember = c.assigneeId;
    // First miss: the case stays, flagged; the unit head (supervisors) is told and gets one more period.
    const firstMiss = new Date(c.deadlines.acknowledgeBy.getTime() + MIN);
    const head = await runDeadlineScan(t.ctx, firstMiss);
    expect(head.unitHeadAlerts).toBeGreaterThanOrEqual(1);
    const alerted = await reload(c._id);
    expect(alerted.unitId).toBe('aca@KZ-75');
    expect(alerted.slaLevel).toBe(1);
    expect(alerted.overdue).toEqual(['acknowledge']);
    expect(alerted.deadlines.acknowledgeBy.getTime()).toBeGreaterThan(firstMiss.getTime());
    expect(await AuditEvent.countDocuments({ scope: `case:${c._id}`, action: 'sla.unit_head' })).toBe(1);
    expect(await notifyJob(`notify-overdue-${c._id}-acknowledge`)).toBeDefined();
    const missed = new Date(alerted.deadlines.acknowledgeBy.getTime() + MIN);
    // Two overlapping passes (as two worker processes would run them): the case moves once.
    const [a, b] = await Promise.all([runDeadlineScan(t.ctx, missed), runDeadlineScan(t.ctx, missed)]);
    const movedHere = await Case.countDocuments({ escalationLevel: 1 });
    expect(a.escalated + b.escalated).toBe(movedHere);

    const after = await reload(c._id);
    expect(after.unitId).toBe('prosecutor@KZ-75');
    expect(after.assigneeId).toMatch(/^inv-prosecutor_KZ_75-m/);
    expect(after.escalationLevel).toBe(1);
    expect(after.slaLevel).toBe(2);
    // The oversight unit's own competence window starts with the move.
    expect(after.deadlines.competenceDeclineBy.getTime()).toBeGreaterThan(missed.getTime());
    expect(after.deadlines.acknowledgeBy.getTime()).toBeGreaterThan(missed.getTime());
    // The flag stays: the case was late, whoever acknowledges it now (by now the triage decision is late too).
    expect([...after.overdue].sort()).toEqual(['acknowledge', 'triageDecision']);
    const transferred = after.timeline.filter((e: { kind: string }) => e.kind === 'transferred');
    expect(transferred).toHaveLength(1);
    expect(JSON.stringify(after.timeline)).not.toMatch(/aca|prosecutor/);
    expect(await AuditEvent.countDocuments({ scope: `case:${c._id}`, action: 'escalated' })).toBe(1);
    expect(await AuditEvent.countDocuments({ scope: 'unit:prosecutor@KZ-75', action: 'escalated_in', 'details.caseId': c._id })).toBe(1);
    const counters = await Membership.find({ investigatorId: { $in: [acaMember, after.assigneeId] } }).lean<{ investigatorId: string; openCases: number }[]>();
    // The counters follow the move: each equals the open cases the member now holds.
    for (const who of [acaMember, after.assigneeId]) {
      const holds = await Case.countDocuments({ assigneeId: who, status: { $ne: 'closed' } });
      expect(counters.find((m) => m.investigatorId === who)!.openCases).toBe(holds);
    }
    expect(await Case.countDocuments({ assigneeId: after.assigneeId })).toBeGreaterThanOrEqual(1);
    expect(await notifyJob(`notify-escalation-${c._id}-1`)).toBeDefined();

    // At the end of the SLA chain nothing moves any more: the flag stays for the supervisors.
    const missedAgain = new Date(after.deadlines.acknowledgeBy.getTime() + MIN);
    const last = await runDeadlineScan(t.ctx, missedAgain);
    const final = await reload(c._id);
    expect(final.unitId).toBe('prosecutor@KZ-75');
    expect(final.overdue).toContain('acknowledge');
    expect(last.escalated).toBe(0);
    expect(final.escalationLevel).toBe(1);
    expect((await verifyAuditChain()).breaks).toEqual([]);
  });

  it('flags missed deadlines as overdue (once) and tells the supervisors, without escalating an acknowledged case', async () => {
    const c = await routedCase();
    await Case.updateOne({ _id: c._id }, { $set: { status: 'acknowledged', 'deadlines.nextDue': t.clock.now } });
    const late = new Date(c.deadlines.answerBy.getTime() + MIN);
    const first = await runDeadlineScan(t.ctx, late);
    const again = await runDeadlineScan(t.ctx, new Date(late.getTime() + MIN));
    const after = await reload(c._id);
    expect(after.unitId).toBe('aca@KZ-75');
    expect(after.overdue.sort()).toEqual(['answer', 'triageDecision']);
    expect(first.overdue).toBeGreaterThanOrEqual(2);
    expect(again.overdue).toBe(0);
    expect(await AuditEvent.countDocuments({ scope: `case:${c._id}`, action: 'deadline_missed' })).toBe(2);
    expect(await notifyJob(`notify-overdue-${c._id}-answer`)).toBeDefined();
    // The feedback deadline (three months) is still ahead: the case stays watched.
    expect(after.deadlines.nextDue.getTime()).toBeGreaterThan(late.getTime());
    expect(after.deadlines.nextDue.getTime()).toBeLessThanOrEqual(after.deadlines.feedbackBy.getTime());
  });
});
