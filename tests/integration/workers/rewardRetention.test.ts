import mongoose from 'mongoose';
import type { Redis } from 'ioredis';
import { createQueueConnection } from '../../../server/infra/redis';
import { Case } from '../../../server/models/Case';
import { AuditEvent } from '../../../server/models/AuditEvent';
import { runRetention } from '../../../workers/tasks/retentionTask';
import { connectTestDb, insertCase, testContext, testStack } from './stack';

/**
 * Retention keeps the proof of authorship for rewards (issue 14 item 5): the reporter signing
 * public key and the outcome outlive the purge of the case file for the policy's reward window,
 * which runs from the final outcome, not from the closure.
 */
const DAY = 86_400_000;
const ROUTING = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] as string[] };

jest.setTimeout(120_000);

describe('retention: reward proof kept for the reward window from the final outcome', () => {
  let stack: Awaited<ReturnType<typeof testStack>>;
  let connection: Redis;
  let t: ReturnType<typeof testContext>;

  beforeAll(async () => {
    stack = await testStack('wreward');
    await connectTestDb(stack.uri);
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

  const closedCase = async (now: Date, outcome: string, key: string, finalOutcomeDaysAgo?: number) => {
    const closedDaysAgo = stack.deployment.policy.retention.closedCaseDays + 1;
    return insertCase(stack.deployment, ROUTING, new Date(now.getTime() - (closedDaysAgo + 30) * DAY), {
      status: 'closed',
      outcome,
      closedAt: new Date(now.getTime() - closedDaysAgo * DAY),
      unitId: 'aca@KZ-75',
      routeState: 'routed',
      reporterSigningKey: key,
      ...(finalOutcomeDaysAgo === undefined ? {} : { finalOutcome: { result: 'conviction', at: new Date(now.getTime() - finalOutcomeDaysAgo * DAY) } }),
    });
  };
  const load = (id: string) => Case.findById(id).lean<Record<string, any>>();

  it('keeps the key and outcome of a purged rewardable case until the window after the final outcome ends', async () => {
    const now = new Date();
    const windowDays = stack.deployment.policy.rewards!.windowDays;
    const referred = await closedCase(now, 'referred', 'K'.repeat(43)); // no final outcome yet: the window has not started
    const recentVerdict = await closedCase(now, 'substantiated', 'L'.repeat(43), 10);
    const oldVerdict = await closedCase(now, 'substantiated', 'M'.repeat(43), windowDays + 1);
    const unfounded = await closedCase(now, 'unsubstantiated', 'N'.repeat(43));

    const first = await runRetention(t.ctx, now);
    expect(first.purged).toBe(4);
    for (const id of [referred, recentVerdict]) {
      const c = await load(id);
      expect(c!.purgedAt).toBeDefined();
      expect(c!.body).toBeUndefined();
      expect(c!.reporterPublicKey).toBeUndefined();
      expect(c!.reporterSigningKey).toBeDefined();
      expect(c!.outcome).toBeDefined();
    }
    expect((await load(oldVerdict))!.reporterSigningKey).toBeUndefined();
    expect((await load(unfounded))!.reporterSigningKey).toBeUndefined();

    // The verdict comes in later (recorded in the console): the window now runs from it.
    await Case.updateOne({ _id: referred }, { $set: { finalOutcome: { result: 'conviction', at: new Date(now.getTime() - (windowDays - 1) * DAY) } } });
    expect((await runRetention(t.ctx, now)).rewardProofsExpired).toBe(0);
    const later = new Date(now.getTime() + 2 * DAY);
    expect((await runRetention(t.ctx, later)).rewardProofsExpired).toBe(1);
    expect((await load(referred))!.reporterSigningKey).toBeUndefined();
    expect((await load(referred))!.outcome).toBe('referred');
    expect((await load(recentVerdict))!.reporterSigningKey).toBe('L'.repeat(43));
    expect(await AuditEvent.countDocuments({ scope: `case:${referred}`, action: 'reward_proof_expired' })).toBe(1);
  });
});
