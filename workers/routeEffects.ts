import mongoose from 'mongoose';
import { Case } from '../server/models/Case';
import { Membership } from '../server/models/Membership';
import { holdCaseAudit } from '../server/audit/heldAudit';
import { roundDown } from '../server/infra/ids';
import { withTimeout } from '../server/infra/mongo';
import type { WorkerContext } from './context';
import { serialised } from './claims';
import { settleReservation } from './memberReservations';

/**
 * Route side effects still owed, one small document per case (`{_id: caseId}`) in their own
 * collection: written before the routing update, removed when the counter, audit entries and
 * notification are done. A separate collection because every update of a case costs a scan of
 * all cases on FerretDB, and because the reconciler can then list the leftovers cheaply.
 */
export const owedEffects = () => mongoose.connection.db!.collection<{ _id: string }>('routeEffects');

/** Records that routing side effects may be owed for this case (idempotent). */
export async function oweEffects(caseId: string) {
  await owedEffects().updateOne({ _id: caseId }, { $setOnInsert: { _id: caseId } }, { upsert: true });
}

export async function effectsOwed(caseId: string): Promise<boolean> {
  return (await owedEffects().findOne({ _id: caseId })) !== null;
}

type RoutedCase = { _id: string; routeState: string; unitId: string; ruleId?: string; assigneeId?: string; routedAt: Date; notifiedUnits?: string[]; copyUnits?: string[] };

/**
 * Adds one open case to a member's counter, once per case: the `$inc` goes with
 * `$addToSet pendingCounts: caseId` in one update filtered on the id not being there; the id is
 * pulled only after the owed-effects record is gone, so a rerun before that cannot count again.
 * (A crash between those two writes leaves a stale id in the list: harmless.) Updates of one
 * membership are serialised in this process: FerretDB loses concurrent updates of one document.
 */
async function countOpenCase(caseId: string, unitId: string, investigatorId: string) {
  await serialised(`m:${unitId}:${investigatorId}`, () =>
    Membership.updateOne({ unitId, investigatorId, pendingCounts: { $ne: caseId } }, { $inc: { openCases: 1 }, $addToSet: { pendingCounts: caseId } }),
  );
  // The counter shows the case now: picks that read it from here on need no reservation.
  settleReservation(caseId);
}

function releaseCount(caseId: string, unitId: string, investigatorId: string) {
  return serialised(`m:${unitId}:${investigatorId}`, () => Membership.updateOne({ unitId, investigatorId }, { $pull: { pendingCounts: caseId } }));
}

/**
 * Finishes what routing does besides the case update: the assignee's open-case counter, the
 * audit entries (held for the bucket's end), the notification, from the case as routed. A crash
 * anywhere here leaves the owed-effects record, and a rerun of the job or the reconciler finishes. The caller holds the
 * case's route claim (workers/claims.ts), so two runners never do this at once; each step is
 * idempotent besides (counter above, audit once-keys, fixed notification job id).
 */
export async function finishRouteEffects(ctx: WorkerContext, caseId: string, known?: RoutedCase): Promise<boolean> {
  const c = known ?? (await Case.findById(caseId, { routeState: 1, unitId: 1, ruleId: 1, assigneeId: 1, routedAt: 1, notifiedUnits: 1, copyUnits: 1 }).lean<RoutedCase>());
  if (!c) {
    await owedEffects().deleteOne({ _id: caseId });
    return false;
  }
  if (c.routeState !== 'routed') return false;
  // The case now belongs in an inbox: the API processes read its row.
  await ctx.caseChanged(caseId);
  if (c.assigneeId) await countOpenCase(caseId, c.unitId, c.assigneeId);
  // Routing follows the submission by seconds: its audit entry waits for the end of the
  // rounding bucket, and is appended then in a batch (server/audit/heldAudit.ts).
  const { policy } = await ctx.policies.current();
  const releaseAt = new Date(roundDown(new Date(c.routedAt), policy.timeRoundingMinutes).getTime() + policy.timeRoundingMinutes * 60_000);
  await holdCaseAudit(
    caseId,
    c.unitId,
    { actor: 'system', action: 'routed', at: c.routedAt, onceKey: 'routed', details: { unitId: c.unitId, ruleId: c.ruleId ?? null, assigneeId: c.assigneeId ?? null } },
    releaseAt,
  );
  try {
    // Bounded and best effort: the console lists the case anyway; a lost mail is not a lost case.
    await withTimeout(ctx.queues.enqueue('case.notify', { kind: 'new_case', caseId }, { jobId: `notify-new-${caseId}`, removeOnComplete: true }), 2000);
  } catch {
    (ctx.caseLog ?? ctx.logger).warn('new-case notification not queued');
  }
  await notifyNotifiedUnits(ctx, c);
  await owedEffects().deleteOne({ _id: caseId });
  if (c.assigneeId) await releaseCount(caseId, c.unitId, c.assigneeId);
  return true;
}

/**
 * "+ notify aca", "copy ethics": each notified unit's members hear of the case once (fixed job
 * id per unit): `copy` where the unit reads a read-only copy in the console, `notice` where the
 * policy gives it no view (and no key). Best effort like the new-case notification.
 */
async function notifyNotifiedUnits(ctx: WorkerContext, c: RoutedCase) {
  for (const unitId of c.notifiedUnits ?? []) {
    const kind = (c.copyUnits ?? []).includes(unitId) ? 'copy' : 'notice';
    try {
      await withTimeout(ctx.queues.enqueue('case.notify', { kind, caseId: c._id, unitId }, { jobId: `notify-${kind}-${c._id}-${unitId}`, removeOnComplete: true }), 2000);
    } catch {
      (ctx.caseLog ?? ctx.logger).warn('notified-unit notification not queued');
    }
  }
}
