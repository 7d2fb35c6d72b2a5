import { Case } from '../server/models/Case';
import { Membership } from '../server/models/Membership';
import { appendCaseAudit } from '../server/audit/appendAudit';
import { withTimeout } from '../server/infra/mongo';
import type { WorkerContext } from './context';
import { serialised } from './claims';

export type EffectsCase = {
  _id: string;
  routeEffects?: 'count' | 'record';
  unitId: string;
  ruleId?: string;
  assigneeId?: string;
  routedAt: Date;
};

/**
 * Adds one open case to a member's counter, once per case: the `$inc` goes with
 * `$addToSet pendingCounts: caseId` in one update filtered on the id not being there, and the id
 * is removed only after the case recorded the count. Updates of one membership are serialised
 * in this process because FerretDB loses concurrent updates of one document (MongoDB does not).
 */
async function countOpenCase(caseId: string, unitId: string, investigatorId: string) {
  await serialised(`m:${unitId}:${investigatorId}`, () =>
    Membership.updateOne({ unitId, investigatorId, pendingCounts: { $ne: caseId } }, { $inc: { openCases: 1 }, $addToSet: { pendingCounts: caseId } }),
  );
  await Case.updateOne({ _id: caseId, routeEffects: 'count' }, { $set: { routeEffects: 'record' } });
  await serialised(`m:${unitId}:${investigatorId}`, () => Membership.updateOne({ unitId, investigatorId }, { $pull: { pendingCounts: caseId } }));
}

/**
 * Finishes what routing does besides the case update: the assignee's open-case counter, the
 * audit entries, the notification. The route update records which remain (`routeEffects`), so a
 * crash anywhere here is finished by a rerun of the job or by the reconciler. The caller holds
 * the case's route claim (workers/claims.ts), so two runners never do this at once; each step
 * is idempotent besides (counter above, audit once-keys, fixed notification job id).
 */
export async function finishRouteEffects(ctx: WorkerContext, caseId: string, known?: EffectsCase): Promise<boolean> {
  const c = known ?? (await Case.findById(caseId, { routeEffects: 1, unitId: 1, ruleId: 1, assigneeId: 1, routedAt: 1 }).lean<EffectsCase>());
  if (!c?.routeEffects) return false;
  if (c.routeEffects === 'count' && c.assigneeId) await countOpenCase(caseId, c.unitId, c.assigneeId);
  else if (c.assigneeId) await Membership.updateOne({ unitId: c.unitId, investigatorId: c.assigneeId, pendingCounts: caseId }, { $pull: { pendingCounts: caseId } });
  await appendCaseAudit(caseId, c.unitId, {
    actor: 'system',
    action: 'routed',
    at: c.routedAt,
    onceKey: 'routed',
    details: { unitId: c.unitId, ruleId: c.ruleId ?? null, assigneeId: c.assigneeId ?? null },
  });
  try {
    // Bounded and best effort: the console lists the case anyway; a lost mail is not a lost case.
    await withTimeout(ctx.queues.enqueue('case.notify', { kind: 'new_case', caseId }, { jobId: `notify-new-${caseId}`, removeOnComplete: true }), 2000);
  } catch {
    ctx.logger.warn('new-case notification not queued');
  }
  await Case.updateOne({ _id: caseId }, { $unset: { routeEffects: 1 } });
  return true;
}
