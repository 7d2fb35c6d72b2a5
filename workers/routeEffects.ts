import { Case } from '../server/models/Case';
import { Membership } from '../server/models/Membership';
import { appendCaseAudit } from '../server/audit/appendAudit';
import { withTimeout } from '../server/infra/mongo';
import type { WorkerContext } from './context';

const LEASE_MS = 60_000;

type EffectsCase = {
  _id: string;
  routeEffects?: 'count' | 'record';
  unitId: string;
  ruleId?: string;
  assigneeId?: string;
  routedAt: Date;
};

/** Claims the lease on a case's unfinished route effects; null if none are left or another runner holds it. */
async function claim(caseId: string, now: Date): Promise<EffectsCase | null> {
  return Case.findOneAndUpdate(
    { _id: caseId, routeEffects: { $exists: true }, $or: [{ effectsLeaseUntil: { $exists: false } }, { effectsLeaseUntil: { $lt: now } }] },
    { $set: { effectsLeaseUntil: new Date(now.getTime() + LEASE_MS) } },
    { returnDocument: 'after' },
  ).lean<EffectsCase>();
}

/**
 * Finishes what routing does besides the case update: the assignee's open-case counter, the
 * audit entries, the notification. The route update records which remain (`routeEffects`), so a
 * crash anywhere here is finished later by a rerun of the job or by the reconciler.
 *
 * Idempotency: the counter increment goes with `$addToSet pendingCounts: caseId` in one update
 * filtered on the id not being there, so it happens once even if we crash before the case
 * records it; audit entries have once-keys; the notification has a fixed job id. The lease keeps
 * two runners apart. What is left: a runner that stalls longer than the lease while holding it
 * can overlap a second one; the counter still cannot double (same filter), and at worst the
 * notification job is queued again after its first copy was already removed.
 */
export async function finishRouteEffects(ctx: WorkerContext, caseId: string, leased?: EffectsCase): Promise<boolean> {
  const c = leased ?? (await claim(caseId, ctx.now()));
  if (!c) return false;
  let state = c.routeEffects;
  if (state === 'count' && c.assigneeId) {
    await Membership.updateOne(
      { unitId: c.unitId, investigatorId: c.assigneeId, pendingCounts: { $ne: caseId } },
      { $inc: { openCases: 1 }, $addToSet: { pendingCounts: caseId } },
    );
    await Case.updateOne({ _id: caseId, routeEffects: 'count' }, { $set: { routeEffects: 'record' } });
    state = 'record';
  }
  if (c.assigneeId) await Membership.updateOne({ unitId: c.unitId, investigatorId: c.assigneeId }, { $pull: { pendingCounts: caseId } });
  if (state) {
    await appendCaseAudit(caseId, c.unitId, {
      actor: 'system',
      action: 'routed',
      at: c.routedAt,
      onceKey: 'routed',
      details: { unitId: c.unitId, ruleId: c.ruleId ?? null, assigneeId: c.assigneeId ?? null },
    });
    try {
      // Bounded and best effort: the console shows the case anyway; a lost mail is not a lost case.
      await withTimeout(ctx.queues.enqueue('case.notify', { kind: 'new_case', caseId }, { jobId: `notify-new-${caseId}`, removeOnComplete: true }), 2000);
    } catch {
      ctx.logger.warn('new-case notification not queued');
    }
  }
  await Case.updateOne({ _id: caseId }, { $unset: { routeEffects: 1, effectsLeaseUntil: 1 } });
  return true;
}
