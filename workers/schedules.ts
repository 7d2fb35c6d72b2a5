import type { Env } from '../server/config/env';
import type { QueueFactory } from '../server/queues/queueFactory';
import type { JobName } from '../core/jobs';
import { QUEUE_OF } from '../core/jobs';

/** The repeatable tasks and how often they run. */
export function scheduleList(env: Pick<Env, 'RECONCILE_EVERY_SECONDS' | 'DEADLINES_EVERY_SECONDS' | 'RETENTION_EVERY_SECONDS'> & Partial<Pick<Env, 'STATISTICS_EVERY_SECONDS'>>) {
  return [
    { name: 'cases.reconcile', everyMs: env.RECONCILE_EVERY_SECONDS * 1000 },
    { name: 'deadlines.scan', everyMs: env.DEADLINES_EVERY_SECONDS * 1000 },
    { name: 'retention.purge', everyMs: env.RETENTION_EVERY_SECONDS * 1000 },
    { name: 'statistics.compute', everyMs: (env.STATISTICS_EVERY_SECONDS ?? 3600) * 1000 },
    // Hourly, so a day's anchor is made soon after midnight UTC or after a restart; one per day.
    { name: 'audit.anchor', everyMs: 3600_000 },
  ] as const satisfies readonly { name: JobName; everyMs: number }[];
}

/**
 * Tasks that run on the clock's minute, not every N ms from the workers' start: the bucket
 * flush sends what waited for the end of a rounding bucket right after that end.
 */
export const MINUTE_TASKS = ['buckets.flush'] as const satisfies readonly JobName[];

/**
 * A finished periodic job is not kept: its return value with its exact finishing time could date
 * a reporter (a reconcile pass that found `pending: 1` a second after a submission). Failures are
 * kept for operators (the queues CLI), without case ids.
 */
const PERIODIC_JOB_OPTIONS = { removeOnComplete: true, removeOnFail: { count: 50 } };

/**
 * Creates or updates the job schedulers (BullMQ upsertJobScheduler: idempotent, one scheduler per
 * id whatever the number of worker processes). Called at start and again periodically, so a
 * Redis that lost its data (FLUSHALL, failover without persistence) gets them back.
 */
export async function ensureSchedules(queues: QueueFactory, env: Parameters<typeof scheduleList>[0]) {
  for (const s of scheduleList(env)) {
    await queues.queue(QUEUE_OF[s.name]).upsertJobScheduler(
      s.name,
      { every: s.everyMs },
      { name: s.name, data: {}, opts: PERIODIC_JOB_OPTIONS },
    );
  }
  for (const name of MINUTE_TASKS) {
    await queues.queue(QUEUE_OF[name]).upsertJobScheduler(
      name,
      // Second 0 of every minute (cron with seconds).
      { pattern: '0 * * * * *' },
      { name, data: {}, opts: PERIODIC_JOB_OPTIONS },
    );
  }
}
