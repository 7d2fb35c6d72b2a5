/**
 * Automatic escalation never moves a case to an excluded unit, even a case routed before the
 * exclusion existed, whose stored chain and wraps still name that unit (issue 12).
 */
import mongoose from 'mongoose';
import type { Redis } from 'ioredis';
import { createQueueConnection } from '../../../server/infra/redis';
import { Case } from '../../../server/models/Case';
import { runDeadlineScan } from '../../../workers/tasks/deadlineTask';
import type { RoutingMetadata } from '../../../core/routing';
import { connectTestDb, insertCase, seedMembers, testContext, testStack } from '../workers/stack';

const MIN = 60_000;
/** An ethics complaint about a law-enforcement officer: today R2 sends it to the national prosecutor. */
const LEGACY_ROUTING: RoutingMetadata = { category: 'ethics', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: ['subject_in_aca', 'subject_in_afm'] };

describe('deadline escalation skips units the current policy excludes', () => {
  let stack: Awaited<ReturnType<typeof testStack>>;
  let connection: Redis;
  let t: ReturnType<typeof testContext>;

  beforeAll(async () => {
    stack = await testStack('wexclusion');
    await connectTestDb(stack.uri);
    await seedMembers(['ethics@KZ-75', 'aca@KZ-75', 'prosecutor@KZ-75'], 1);
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

  it('a legacy case at ethics with aca next on its stored chain escalates straight to the prosecutor', async () => {
    const receivedAt = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
    const acknowledgeBy = new Date(receivedAt.getTime() + 10 * MIN);
    const id = await insertCase(stack.deployment, LEGACY_ROUTING, receivedAt);
    const wrap = (await Case.findById(id).lean<{ wraps: Record<string, unknown>[] }>())!.wraps[0];
    // As an older policy (no exclusion) would have sealed and routed it.
    const chain = ['ethics@KZ-75', 'aca@KZ-75', 'prosecutor@KZ-75'];
    await Case.updateOne(
      { _id: id },
      {
        $set: {
          wraps: [...chain, 'triage@KZ'].map((unitId) => ({ ...wrap, unitId })),
          routeState: 'routed',
          status: 'received',
          unitId: 'ethics@KZ-75',
          chain,
          deadlines: { acknowledgeBy, nextDue: acknowledgeBy },
          // The unit head was already alerted (first SLA step): the next miss moves the case.
          slaLevel: 1,
        },
      },
    );
    const result = await runDeadlineScan(t.ctx, new Date(acknowledgeBy.getTime() + MIN));
    expect(result.escalated).toBeGreaterThanOrEqual(1);
    const after = (await Case.findById(id).lean<{ unitId: string; escalationLevel: number }>())!;
    expect(after.unitId).toBe('prosecutor@KZ-75');
    expect(after.escalationLevel).toBe(1);
  });
});
