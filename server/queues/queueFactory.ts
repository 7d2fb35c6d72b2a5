import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_OF, type JobName, type JobPayloads, type QueueName } from '../../core/jobs';

/** Defaults every job gets: bounded history, retries with backoff. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
};

/** Owns one Queue per queue name, all sharing one connection and the defaults above. */
export class QueueFactory {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
  ) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      this.queues.set(name, q);
    }
    return q;
  }

  /** Adds a typed job to its queue. Pass `jobId` to make re-adding the same work a no-op. */
  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], opts: JobsOptions = {}) {
    return this.queue(QUEUE_OF[name]).add(name, data, opts);
  }

  async close() {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
