/**
 * No cliff (issue 14 item 6), with injected dates: 90/30/7-day warnings (worker log, console
 * notifications to administrators and supervisors, once per step; the console banner's data),
 * and after the policy ran out: intake stops with a clear code while received cases keep their
 * clocks, counted on weekends only and flagged unverified.
 */
import mongoose from 'mongoose';
import type { Redis } from 'ioredis';
import { createQueueConnection } from '../../../server/infra/redis';
import { Case } from '../../../server/models/Case';
import { Investigator } from '../../../server/models/Investigator';
import { Membership } from '../../../server/models/Membership';
import { Notification } from '../../../server/models/Notification';
import { routeCaseProcessor } from '../../../workers/processors/routeCaseProcessor';
import { runDeadlineScan } from '../../../workers/tasks/deadlineTask';
import { runExpiryCheck } from '../../../workers/tasks/expiryWarningTask';
import { readPolicyExpiry } from '../../../server/commands/console/policyExpiryReader';
import { createTestDeployment } from '../../support/deployment';
import { mongoUriFor, uniqueName, REDIS_URL } from '../../support/testEnv';
import { connectTestDb, insertCase, testContext } from './stack';

jest.setTimeout(120_000);

const local = (dateTime: string) => new Date(`${dateTime}+05:00`);
const endOf = (date: string) => new Date(`${date}T23:59:59.999+05:00`);
const BRIBERY = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] as string[] };

describe('policy and calendar expiry (injected dates, real database and Redis)', () => {
  let connection: Redis;
  let t: ReturnType<typeof testContext>;
  let deployment: Awaited<ReturnType<typeof createTestDeployment>>;
  const lines: { level: string; msg: string }[] = [];

  beforeAll(async () => {
    // The default policy as shipped: valid until 1 January 2028, holidays for 2026-2027.
    deployment = await createTestDeployment((s) => {
      s.validFrom = '2026-01-01T00:00:00+05:00';
      s.validUntil = '2028-01-01T00:00:00+05:00';
    });
    await connectTestDb(mongoUriFor(uniqueName('wexpiry')));
    const now = new Date();
    await Investigator.create({ _id: 'adm-1', username: 'admin-one', role: 'admin', state: 'active', createdAt: now });
    await Investigator.create({ _id: 'inv-plain', username: 'plain-member', role: 'investigator', state: 'active', createdAt: now });
    const grants = [{ generation: 1, sealed: 'x', recipientKeyId: 'x' }];
    await Membership.create({ _id: 'sup-aca.m', unitId: 'aca@KZ-75', investigatorId: 'sup-aca', role: 'supervisor', active: true, openCases: 0, grants });
    await Membership.create({ _id: 'inv-plain.m', unitId: 'aca@KZ-75', investigatorId: 'inv-plain', role: 'member', active: true, openCases: 0, grants });
    connection = createQueueConnection(REDIS_URL);
    t = testContext({ deployment, prefix: uniqueName('q'), env: {} }, connection);
    // Collect what the worker logs (pino-like: object first, message second).
    const log = (level: string) => (a: unknown, b?: unknown) => void lines.push({ level, msg: String(typeof a === 'string' ? a : b) });
    t.ctx.logger = { ...t.ctx.logger, warn: log('warn'), error: log('error') } as typeof t.ctx.logger;
    await t.ready();
  });
  afterAll(async () => {
    await t.ctx.queues.close();
    await connection.quit();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });

  it('nothing before 90 days; then one notification per step to administrators and supervisors, and a log line each pass', async () => {
    expect((await runExpiryCheck(t.ctx, local('2027-09-01T12:00:00'))).warnings).toEqual([]);
    expect(await Notification.countDocuments({ kind: 'policy_expiry' })).toBe(0);

    const first = await runExpiryCheck(t.ctx, local('2027-10-05T12:00:00'));
    expect(first.warnings.map((w) => [w.what, w.threshold]).sort()).toEqual([['calendar', 90], ['policy', 90]]);
    expect(first.sent).toHaveLength(2);
    const again = await runExpiryCheck(t.ctx, local('2027-10-06T12:00:00'));
    expect(again.sent).toEqual([]);
    // Two warnings (policy, calendar) × two people; the plain member gets none.
    expect((await Notification.find({ kind: 'policy_expiry' }).lean<{ investigatorId: string }[]>()).map((n) => n.investigatorId).sort()).toEqual(['adm-1', 'adm-1', 'sup-aca', 'sup-aca']);
    expect(lines.filter((l) => l.level === 'warn' && /runs out in \d+ days/.test(l.msg)).length).toBe(4);

    const thirty = await runExpiryCheck(t.ctx, local('2027-12-02T12:00:00'));
    expect(thirty.sent.map((k) => k.split(':').pop())).toEqual(['30', '30']);
    const seven = await runExpiryCheck(t.ctx, local('2027-12-26T12:00:00'));
    expect(seven.sent.map((k) => k.split(':').pop())).toEqual(['7', '7']);
    expect(await Notification.countDocuments({ kind: 'policy_expiry' })).toBe(12);
  });

  it('the console banner data goes to administrators and supervisors only', async () => {
    const inWindow = local('2027-12-20T12:00:00');
    expect((await readPolicyExpiry(t.ctx.policies, { id: 'adm-1', role: 'admin' }, inWindow)).warnings).toHaveLength(2);
    expect((await readPolicyExpiry(t.ctx.policies, { id: 'sup-aca', role: 'investigator' }, inWindow)).warnings[0]).toMatchObject({ daysLeft: 11 });
    expect(await readPolicyExpiry(t.ctx.policies, { id: 'inv-plain', role: 'investigator' }, inWindow)).toEqual({ expired: false, warnings: [] });
    expect((await readPolicyExpiry(t.ctx.policies, { id: 'adm-1', role: 'admin' }, local('2028-01-03T12:00:00'))).expired).toBe(true);
  });

  it('after expiry: intake has no policy (no_policy), but a received case is routed and its clocks run on weekends only, unverified', async () => {
    const after = local('2028-01-03T10:00:00');
    await expect(t.ctx.policies.current(after)).rejects.toMatchObject({ code: 'no_policy' });
    expect((await t.ctx.policies.forClocks(after)).expired).toBe(true);
    // Received on Friday 31 December 2027 at 18:00, routed after midnight.
    t.clock.now = after;
    const id = await insertCase(deployment, BRIBERY, local('2027-12-31T18:00:00'));
    expect((await routeCaseProcessor({ caseId: id }, t.ctx)).result).toBe('routed');
    const c = (await Case.findById(id).lean<Record<string, any>>())!;
    expect(c.deadlines.unverified).toBe(true);
    // 1 and 2 January 2028 are holidays in reality, but past the calendar only weekends count: Mon 3, Tue 4.
    expect(c.deadlines.acknowledgeBy).toEqual(endOf('2028-01-04'));
    // The deadline task keeps running on the expired policy, and says so in the log.
    const scan = await runDeadlineScan(t.ctx, local('2028-01-04T10:00:00'));
    expect(scan.scanned).toBeGreaterThanOrEqual(1);
    expect((await Case.findById(id).lean<Record<string, any>>())!.remindersSent).toContain(`acknowledge@${endOf('2028-01-03').getTime()}`);
    expect(lines.some((l) => l.level === 'error' && /no valid policy/.test(l.msg))).toBe(true);
    const check = await runExpiryCheck(t.ctx, local('2028-01-04T10:00:00'));
    expect(check.expired).toBe(true);
    expect(lines.some((l) => l.level === 'error' && /intake is stopped/.test(l.msg))).toBe(true);
  });
});

