import type { Transporter } from 'nodemailer';
import type { Env } from '../server/config/env';
import type { Logger } from '../server/logger';
import type { PolicyStore } from '../server/policy/policyStore';
import type { QueueFactory } from '../server/queues/queueFactory';

/** What every processor and task needs; set once by workers/main.ts, built by tests directly. */
export type WorkerContext = {
  env: Pick<Env, 'RECONCILE_AFTER_SECONDS' | 'WORKER_LOCK_SECONDS' | 'SMTP_FROM' | 'CONSOLE_URL'> & Partial<Pick<Env, 'CUSTODIAN_EMAIL' | 'ENGINE_CASE_LIMIT'>>;
  logger: Logger;
  policies: PolicyStore;
  queues: QueueFactory;
  /** SMTP transport; undefined when SMTP_URL is not set (console notifications only). */
  mailer?: Transporter;
  /** The clock. Tests of deadlines pass their own instant to the tasks instead. */
  now: () => Date;
  /**
   * Reconciler memory: case id → when this process first saw it unrouted. Kept in memory on
   * purpose: a stored first-seen time would date the submission.
   */
  reconcileSeen: Map<string, number>;
  /** Announces written cases to the API processes' inbox rows (server/inbox/caseChanges.ts); never throws. */
  caseChanged: (...caseIds: string[]) => Promise<void>;
  /**
   * For lines about a case job that follows a reporter's action: held without a time until the
   * rounding bucket ends (server/bucketLog.ts). Tests may leave it out: `logger` is used then.
   */
  caseLog?: Logger;
};

let current: WorkerContext | undefined;

export function setWorkerContext(ctx: WorkerContext) {
  current = ctx;
}

export function workerContext(): WorkerContext {
  if (!current) throw new Error('worker context not set (workers/main.ts sets it at start)');
  return current;
}
