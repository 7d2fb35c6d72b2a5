import { checkEngineCapacity } from './monitoring/engineCapacityCheck';
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobName } from '../core/jobs';
import { healthProcessor } from './processors/healthProcessor';
import { workerContext } from './context';
import { routeCaseProcessor } from './processors/routeCaseProcessor';
import { notifyProcessor } from './processors/notifyProcessor';
import { runReconcile } from './tasks/reconcileTask';
import { runDeadlineScan } from './tasks/deadlineTask';
import { runExpiryCheck } from './tasks/expiryWarningTask';
import { runRetention } from './tasks/retentionTask';
import { singleTask } from './claims';
import { runStatistics } from './tasks/statisticsTask';
import { runBucketFlush } from './tasks/bucketFlushTask';
import { runAuditAnchor } from './tasks/auditAnchorTask';

type Handler = (data: never, job: Job) => Promise<unknown>;

/** Job name → processor. A job name nobody handles is not retried: retrying cannot help. */
export const HANDLERS: Partial<Record<JobName, Handler>> = {
  'system.health': healthProcessor as Handler,
  'case.route': ((data: unknown) => routeCaseProcessor(data, workerContext())) as Handler,
  'case.notify': ((data: unknown, job: Job) => notifyProcessor(data, workerContext(), job)) as Handler,
  // One pass of each periodic task at a time (workers/claims.ts singleTask).
  'cases.reconcile': (() => singleTask('cases.reconcile', new Date(), () => runReconcile(workerContext()))) as Handler,
  // The expiry check (90/30/7-day warnings) rides on the deadline scan: same cadence, one more cheap read.
  'deadlines.scan': (() => singleTask('deadlines.scan', new Date(), async () => ({ ...(await runDeadlineScan(workerContext())), expiry: (await runExpiryCheck(workerContext())).warnings.length }))) as Handler,
  'retention.purge': (() => singleTask('retention.purge', new Date(), () => runRetention(workerContext()))) as Handler,
  // The embedded engine's capacity is checked with the hourly statistics (workers/monitoring).
  'statistics.compute': (async () => ({ ...(await runStatistics(workerContext())), engine: await checkEngineCapacity(workerContext()).catch(() => undefined) })) as Handler,
  'buckets.flush': (() => singleTask('buckets.flush', new Date(), () => runBucketFlush(workerContext()))) as Handler,
  'audit.anchor': (() => singleTask('audit.anchor', new Date(), () => runAuditAnchor(workerContext()))) as Handler,
};

export async function dispatch(job: Job): Promise<unknown> {
  const handler = HANDLERS[job.name as JobName];
  if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
  return handler(job.data as never, job);
}
