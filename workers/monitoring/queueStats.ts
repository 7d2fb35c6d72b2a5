import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type QueueName } from '../../core/jobs';

export type QueueStat = {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** Jobs in the scanned window that needed more than one attempt (retrying or retried). */
  retried: number;
  /** The newest failed jobs: id and name only (job data and error texts may name cases). */
  failedJobs: { id: string; name: string; attempts: number }[];
};

const SCAN = 1000;

/**
 * Counts per queue for operators (the queues CLI and the admin API). Reports ids and names,
 * never job data or failure messages.
 */
export async function queueStats(connection: Redis, prefix: string, failedLimit = 20): Promise<QueueStat[]> {
  const out: QueueStat[] = [];
  for (const name of QUEUES) {
    // Read only: a Queue that wrote its meta here would reset the case queues' event-stream
    // length to BullMQ's default (server/queues/queueFactory.ts).
    const queue = new Queue(name, { connection, prefix, skipMetasUpdate: true });
    try {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
      const scanned = await queue.getJobs(['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'], 0, SCAN - 1);
      const failed = await queue.getJobs(['failed'], 0, failedLimit - 1);
      out.push({
        queue: name,
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
        // Started more than once (a retry or a rerun after a crash), or failed once and waiting to retry.
        retried: scanned.filter((j) => j && ((j.attemptsStarted ?? 0) > 1 || (j.attemptsMade > 0 && !j.finishedOn))).length,
        failedJobs: failed.filter(Boolean).map((j) => ({ id: String(j.id), name: j.name, attempts: j.attemptsMade })),
      });
    } finally {
      await queue.close();
    }
  }
  return out;
}
