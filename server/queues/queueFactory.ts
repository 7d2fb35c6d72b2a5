import { Queue, type JobsOptions, type QueueOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { CASE_QUEUES, QUEUE_OF, type JobName, type JobPayloads, type QueueName } from '../../core/jobs';

/** Defaults every job gets: bounded history, retries with backoff. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
};

/**
 * Jobs about a case keep nothing once done, failed included: a kept job holds its exact times
 * (`timestamp`, `processedOn`, `finishedOn`) next to an id naming the case, and would date the
 * reporter's action. A failed route job is not lost: the case stays pending and the reconciler
 * queues it again; a failed notification leaves its case in the console inbox all the same.
 */
export const CASE_JOB_OPTIONS: JobsOptions = { ...DEFAULT_JOB_OPTIONS, removeOnComplete: true, removeOnFail: true };

export const isCaseQueue = (name: string) => (CASE_QUEUES as readonly string[]).includes(name);

/**
 * The options of a queue. For the case queues, `streams.events.maxLen: 0` makes every trimming
 * XADD of BullMQ empty the event stream; BullMQ adds some events without trimming, and an empty
 * stream still keeps the id (a millisecond time) of its last entry, so the workers also delete
 * the stream after each job of these queues (`eventsKey`, workers/main.ts).
 */
export function queueOptions(name: QueueName, connection: Redis, prefix: string): QueueOptions {
  if (!isCaseQueue(name)) return { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS };
  return { connection, prefix, defaultJobOptions: CASE_JOB_OPTIONS, streams: { events: { maxLen: 0 } } };
}

/** The Redis key of a queue's event stream (BullMQ's layout: `<prefix>:<queue>:events`). */
export const eventsKey = (prefix: string, name: string) => `${prefix}:${name}:events`;

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
      q = new Queue(name, queueOptions(name, this.connection, this.prefix));
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * Adds a typed job to its queue. Pass `jobId` to make re-adding the same work a no-op. On the
   * case queues the removal options are forced: a caller cannot keep a finished case job.
   */
  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], opts: JobsOptions = {}) {
    const queue = QUEUE_OF[name];
    return this.queue(queue).add(name, data, isCaseQueue(queue) ? { ...opts, removeOnComplete: true, removeOnFail: true } : opts);
  }

  async close() {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
