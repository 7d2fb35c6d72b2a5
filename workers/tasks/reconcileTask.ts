import { Case } from '../../server/models/Case';
import { Membership } from '../../server/models/Membership';
import type { WorkerContext } from '../context';
import { finishRouteEffects, owedEffects } from '../routeEffects';
import { claimLeaseMs, serialised, withClaim } from '../claims';
import { recountOpenCases } from '../assignment';

export type ReconcileResult = { pending: number; requeued: number; effectsFinished: number; countersFixed: number };

/** Ids seen for at least `afterMs` (by this process); forgets ids no longer listed. */
function ripe(seen: Map<string, number>, prefix: string, ids: string[], now: number, afterMs: number): string[] {
  const listed = new Set(ids);
  for (const key of seen.keys()) if (key.startsWith(prefix) && !listed.has(key.slice(prefix.length))) seen.delete(key);
  const out: string[] = [];
  for (const id of ids) {
    const first = seen.get(prefix + id);
    if (first === undefined) seen.set(prefix + id, now);
    else if (now - first >= afterMs) out.push(id);
  }
  return out;
}

/**
 * A case id stays in a member's `pendingCounts` after its effects are done only if the process
 * died between the last two writes of workers/routeEffects.ts. Once no effects are owed for it
 * (for long enough to rule out a run in progress), it is removed.
 */
async function releaseStaleCounts(ctx: WorkerContext, t: number, afterMs: number, owed: Set<string>) {
  // Memberships are few; filtering here avoids an array query FerretDB may not serve.
  const members = await Membership.find({}, { unitId: 1, investigatorId: 1, pendingCounts: 1 }).lean<{ unitId: string; investigatorId: string; pendingCounts?: string[] }[]>();
  const listed = members.flatMap((m) => (m.pendingCounts ?? []).filter((id) => !owed.has(id)).map((id) => `${m.unitId} ${m.investigatorId} ${id}`));
  for (const key of ripe(ctx.reconcileSeen, 'p:', listed, t, afterMs)) {
    const [unitId, investigatorId, caseId] = key.split(' ');
    await serialised(`m:${unitId}:${investigatorId}`, () => Membership.updateOne({ unitId, investigatorId }, { $pull: { pendingCounts: caseId } }));
  }
}

/**
 * Queues the route job of a case again, under the same job id: a no-op while the job waits or
 * runs; a failed job is retried; a job that completed although the case is still pending (a
 * database restored from backup) is replaced.
 */
export async function requeueRoute(ctx: WorkerContext, caseId: string): Promise<boolean> {
  const jobId = `route-${caseId}`;
  const job = await ctx.queues.queue('route').getJob(jobId);
  const state = job ? await job.getState() : 'missing';
  if (state === 'failed') {
    await job!.retry('failed');
    return true;
  }
  if (state === 'completed') await job!.remove();
  if (state === 'completed' || state === 'missing' || state === 'unknown') {
    await ctx.queues.enqueue('case.route', { caseId }, { jobId, removeOnComplete: true });
    return true;
  }
  return false;
}

/**
 * Finds cases stored but still unrouted for RECONCILE_AFTER_SECONDS (a job lost with Redis, a
 * failed job) and queues them again; finishes route side effects a crash left undone. A case is
 * "old enough" once this process has seen it pending that long: no stored time is needed, and
 * none is kept that would date a submission. Queuing twice is harmless: the route processor's
 * guarded update lets only one run route a case.
 */
export async function runReconcile(ctx: WorkerContext, now = ctx.now(), limit = 5000): Promise<ReconcileResult> {
  const afterMs = ctx.env.RECONCILE_AFTER_SECONDS * 1000;
  const t = now.getTime();
  const pending = await Case.find({ routeState: 'pending', purgedAt: { $exists: false } }, { _id: 1 }).limit(limit).lean<{ _id: string }[]>();
  let requeued = 0;
  for (const id of ripe(ctx.reconcileSeen, 'r:', pending.map((c) => c._id), t, afterMs)) {
    if (await requeueRoute(ctx, id)) requeued++;
  }
  const unfinished = await owedEffects().find({}).limit(limit).toArray();
  let effectsFinished = 0;
  for (const id of ripe(ctx.reconcileSeen, 'e:', unfinished.map((e) => e._id), t, afterMs)) {
    const run = await withClaim(`route:${id}`, now, claimLeaseMs(ctx.env.WORKER_LOCK_SECONDS), () => finishRouteEffects(ctx, id));
    if (run.held && run.value) effectsFinished++;
  }
  await releaseStaleCounts(ctx, t, afterMs, new Set(unfinished.map((e) => e._id)));
  const countersFixed = await recountOpenCases(() => owedEffects().countDocuments({}));
  if (countersFixed) ctx.logger.warn({ countersFixed }, 'open-case counters corrected');
  return { pending: pending.length, requeued, effectsFinished, countersFixed };
}
