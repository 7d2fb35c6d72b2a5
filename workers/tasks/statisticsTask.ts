import { computeStatistics } from '../../server/statistics/compute';
import type { WorkerContext } from '../context';

/**
 * Repeatable: recomputes the published statistics (server/statistics/compute.ts). Idempotent:
 * the documents are upserted by period and table from the cases, the policy and the day, so a
 * second run, a retry after a crash, or two workers at once leave the same collection.
 * Logs only counts, never a case.
 */
export async function runStatistics(ctx: WorkerContext) {
  const started = Date.now();
  const result = await computeStatistics({ policies: ctx.policies, now: ctx.now() });
  ctx.logger.info({ cases: result.cases, documents: result.documents, lastMonth: result.lastMonth, ms: Date.now() - started }, 'statistics computed');
  return { cases: result.cases, documents: result.documents, lastMonth: result.lastMonth };
}
