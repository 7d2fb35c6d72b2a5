/**
 * One case through every clock of the policy, on the working-day calendar (Nauryz and May
 * holidays of 2027), with a clock the test moves: competence window, criminal referral,
 * extension (supervisor, reason, maximum, notice), answer, investigation alerts at day 60 and
 * 80, feedback. The commands get the test's instant; the deadline task its own `now`.
 */
import mongoose from 'mongoose';
import type { Redis } from 'ioredis';
import { createQueueConnection } from '../../../server/infra/redis';
import { Case } from '../../../server/models/Case';
import { Membership } from '../../../server/models/Membership';
import { AuditEvent } from '../../../server/models/AuditEvent';
import { routeCaseProcessor } from '../../../workers/processors/routeCaseProcessor';
import { runDeadlineScan } from '../../../workers/tasks/deadlineTask';
import { recordCriminalSigns } from '../../../server/commands/console/criminalSignsRecorder';
import { extendDeadline } from '../../../server/commands/console/deadlineExtender';
import { declineCase } from '../../../server/commands/console/caseDecliner';
import { createTestDeployment } from '../../support/deployment';
import { mongoUriFor, uniqueName, REDIS_URL } from '../../support/testEnv';
import { connectTestDb, insertCase, testContext } from './stack';

jest.setTimeout(120_000);

// Ethics handles a conflict of interest of a junior official without money (rule R10b).
const ETHICS_CASE = { category: 'conflict_of_interest', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] as string[] };
const local = (dateTime: string) => new Date(`${dateTime}+05:00`);
const endOf = (date: string) => new Date(`${date}T23:59:59.999+05:00`);
const MIN = 60_000;
const UNIT = 'ethics@KZ-75';
const MEMBER = 'inv-ethics-member';
const SUPERVISOR = 'inv-ethics-supervisor';

describe('a case through every clock of the policy (working-day calendar, moved clock)', () => {
  let connection: Redis;
  let t: ReturnType<typeof testContext>;
  let id: string;
  const reload = async () => (await Case.findById(id).lean<Record<string, any>>())!;
  const notifyJob = (jobId: string) => t.ctx.queues.queue('notify').getJob(jobId);
  const deps = () => ({ policies: t.ctx.policies });
  const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

  beforeAll(async () => {
    // Valid over 2026-2027, the years the calendar covers, so the test's fixed dates stay valid whenever it runs.
    const deployment = await createTestDeployment((s) => {
      s.validFrom = '2026-01-01T00:00:00+05:00';
      s.validUntil = '2028-01-01T00:00:00+05:00';
    });
    const stack = { deployment, uri: mongoUriFor(uniqueName('wclocks')), prefix: uniqueName('q'), env: { REDIS_URL } };
    await connectTestDb(stack.uri);
    const grants = [{ generation: 1, sealed: 'x', recipientKeyId: 'x' }];
    await Membership.create({ _id: `${MEMBER}.m`, unitId: UNIT, investigatorId: MEMBER, role: 'member', active: true, openCases: 0, grants });
    await Membership.create({ _id: `${SUPERVISOR}.m`, unitId: UNIT, investigatorId: SUPERVISOR, role: 'supervisor', active: true, openCases: 0, grants });
    connection = createQueueConnection(REDIS_URL);
    t = testContext(stack, connection);
    await t.ready();
    // Friday 19 March 2027, 10:00: Nauryz closes Monday to Wednesday (22-24 March).
    t.clock.now = local('2027-03-19T10:05:00');
    id = await insertCase(deployment, ETHICS_CASE, local('2027-03-19T10:00:00'));
    await routeCaseProcessor({ caseId: id }, t.ctx);
  });
  afterAll(async () => {
    await t.ctx.queues.close();
    await connection.quit();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });

  it('routing stores every clock that starts at receipt or assignment, counted over the holidays', async () => {
    const c = await reload();
    expect(c.unitId).toBe(UNIT);
    expect(c.deadlines).toMatchObject({
      acknowledgeBy: endOf('2027-03-26'), // Thu 25 and Fri 26 are the 1st and 2nd working days
      triageDecisionBy: endOf('2027-03-29'),
      answerBy: endOf('2027-04-14'),
      originalAnswerBy: endOf('2027-04-14'),
      investigationAlertAt: endOf('2027-05-18'), // day 60
      investigationEscalationAt: endOf('2027-06-07'), // day 80
      competenceDeclineBy: endOf('2027-03-29'),
      feedbackBy: endOf('2027-06-19'),
    });
    expect(c.deadlines.criminalReferralBy).toBeUndefined();
    expect(c.deadlines.unverified).toBeUndefined();
    // Acknowledged in time (the status change itself is the console's; here only its effect on the clocks).
    await Case.updateOne({ _id: id }, { $set: { status: 'acknowledged', acknowledgedAt: local('2027-03-25T10:00:00'), 'deadlines.nextDue': local('2027-03-25T10:00:00') } });
  });

  it('the competence window: a reminder before it closes, no overdue flag after, then a decline needs a supervisor', async () => {
    await runDeadlineScan(t.ctx, local('2027-03-27T09:00:00'));
    const c = await reload();
    expect(c.remindersSent).toContain(`competenceDecline@${endOf('2027-03-26').getTime()}`);
    await runDeadlineScan(t.ctx, local('2027-03-30T09:00:00'));
    const after = await reload();
    expect(after.overdue).not.toContain('competenceDecline');
    expect(after.overdue).toContain('triageDecision');
    expect(await codeOf(declineCase(deps(), id, MEMBER, 'outside_competence', local('2027-03-30T09:00:00')))).toBe('decline_window_passed');
    // Inside the window the same member could have declined (checked without moving the case: the refusal comes from the window alone).
    expect((await reload()).unitId).toBe(UNIT);
  });

  it('criminal signs start the 1-working-day referral clock: reminder 4 hours before, then overdue and the unit head told', async () => {
    const signs = await recordCriminalSigns(deps(), id, MEMBER, local('2027-03-30T11:00:00'));
    expect(signs.criminalReferralBy).toEqual(endOf('2027-03-31'));
    expect(await codeOf(recordCriminalSigns(deps(), id, MEMBER, local('2027-03-30T12:00:00')))).toBe('criminal_signs_recorded');
    await runDeadlineScan(t.ctx, local('2027-03-31T21:00:00'));
    expect((await reload()).remindersSent).toContain(`criminalReferral@${endOf('2027-03-31').getTime() - 4 * 3600_000}`);
    const missed = await runDeadlineScan(t.ctx, local('2027-04-01T00:01:00'));
    expect(missed.overdue).toBeGreaterThanOrEqual(1);
    expect((await reload()).overdue).toContain('criminalReferral');
    expect(await notifyJob(`notify-overdue-${id}-criminalReferral`)).toBeDefined();
    expect(await AuditEvent.countDocuments({ scope: `case:${id}`, action: 'case.criminal_signs' })).toBe(1);
  });

  it('extensions: a supervisor, before the deadline, a listed reason, never past two months after the original deadline', async () => {
    const before = local('2027-04-12T10:00:00');
    expect(await codeOf(extendDeadline(deps(), id, MEMBER, 20, 'extension_complexity', before))).toBe('supervisor_only');
    expect(await codeOf(extendDeadline(deps(), id, SUPERVISOR, 20, 'because_we_can', before))).toBe('extension_reason_not_allowed');
    const first = await extendDeadline(deps(), id, SUPERVISOR, 20, 'extension_complexity', before);
    // 20 working days after Wed 14 April, skipping 3, 7 and 10 May 2027.
    expect(first.answerBy).toEqual(endOf('2027-05-17'));
    expect(first.latestAnswerBy).toEqual(endOf('2027-06-14'));
    // 40 more would reach past 14 June: refused, nothing changed.
    expect(await codeOf(extendDeadline(deps(), id, SUPERVISOR, 40, 'extension_complexity', local('2027-04-13T10:00:00')))).toBe('extension_over_maximum');
    const c = await reload();
    expect(c.deadlines.answerBy).toEqual(endOf('2027-05-17'));
    expect(c.deadlines.originalAnswerBy).toEqual(endOf('2027-04-14'));
    expect(c.deadlines.extensionNoticeBy).toEqual(endOf('2027-04-15'));
    expect(c.extensions).toHaveLength(1);
    // The reporter's timeline says it at once, with the reason's template and the days.
    expect(c.timeline.filter((e: { kind: string }) => e.kind === 'extension')).toEqual([expect.objectContaining({ template: 'extension_complexity', days: 20 })]);
    expect(c.extensions[0].noticeAt.getTime()).toBeLessThanOrEqual(c.deadlines.extensionNoticeBy.getTime());
  });

  it('the answer deadline passes: flagged, and no extension after it', async () => {
    await runDeadlineScan(t.ctx, local('2027-05-18T00:01:00'));
    expect((await reload()).overdue).toContain('answer');
    expect(await codeOf(extendDeadline(deps(), id, SUPERVISOR, 5, 'extension_complexity', local('2027-05-18T10:00:00')))).toBe('deadline_passed');
    expect((await reload()).deadlines.answerBy).toEqual(endOf('2027-05-17'));
  });

  it('investigation alerts: day 60 tells the assignee, day 80 the unit head; feedback at three months', async () => {
    await Case.updateOne({ _id: id }, { $set: { status: 'investigation', 'deadlines.nextDue': local('2027-05-18T00:02:00') } });
    await runDeadlineScan(t.ctx, local('2027-05-19T00:01:00'));
    expect((await reload()).overdue).toContain('investigationAlert');
    expect(await notifyJob(`notify-reminder-${id}-investigationAlert`)).toBeDefined();
    expect((await reload()).overdue).not.toContain('investigationEscalation');
    await runDeadlineScan(t.ctx, local('2027-06-08T00:01:00'));
    expect((await reload()).overdue).toContain('investigationEscalation');
    expect(await notifyJob(`notify-overdue-${id}-investigationEscalation`)).toBeDefined();
    await runDeadlineScan(t.ctx, local('2027-06-20T00:01:00'));
    const c = await reload();
    expect(c.overdue).toContain('feedback');
    // Every limit and alert of the policy was met or flagged; the competence window never is.
    expect([...c.overdue].sort()).toEqual(['answer', 'criminalReferral', 'feedback', 'investigationAlert', 'investigationEscalation', 'triageDecision']);
    expect(c.deadlines.nextDue).toBeUndefined();
  });

  it('after the window a supervisor may still decline; the new unit (triage) gets no window', async () => {
    const moved = await declineCase(deps(), id, SUPERVISOR, 'outside_competence', local('2027-06-21T10:00:00'));
    expect(moved.unitId).toBe('triage@KZ');
  });
});
