import fs from 'node:fs';
import { Worker } from 'bullmq';
import mongoose from 'mongoose';
import nodemailer from 'nodemailer';
import { loadEnvOrExit } from '../server/config/env';
import { createLogger } from '../server/logger';
import { connectMongo, withTimeout } from '../server/infra/mongo';
import { createQueueConnection } from '../server/infra/redis';
import { QueueFactory, eventsKey, isCaseQueue } from '../server/queues/queueFactory';
import { BucketLog } from '../server/bucketLog';
import { publishCaseChanged } from '../server/inbox/caseChanges';
import { PolicyStore } from '../server/policy/policyStore';
import { ready } from '../core/crypto/sodium';
import { QUEUES } from '../core/jobs';
import { dispatch } from './dispatch';
import { setWorkerContext } from './context';
import { ensureSchedules } from './schedules';

/** The worker process: one BullMQ Worker per queue, graceful shutdown on SIGTERM/SIGINT. */
async function main() {
  const env = loadEnvOrExit();
  const logger = createLogger(env.LOG_LEVEL, 'workers');
  await ready();
  const policies = new PolicyStore(env.ROOT_PUBLIC_KEY);
  // As in server/main.ts: a policy file that does not verify is a configuration error.
  if (env.POLICY_FILE) {
    try {
      if (!env.ROOT_PUBLIC_KEY) throw new Error('ROOT_PUBLIC_KEY is required to trust a policy file.');
      await policies.remember(JSON.parse(fs.readFileSync(env.POLICY_FILE, 'utf8')));
    } catch (err) {
      process.stderr.write(`POLICY_FILE ${env.POLICY_FILE}: ${(err as Error).message}\n`);
      process.exit(1);
    }
  }
  await connectMongo(env.MONGODB_URI).catch(() => {
    // The driver does not retry a first connection that failed; this one keeps trying.
    logger.warn('database not reachable at start; will keep trying');
    void mongoose.connect(env.MONGODB_URI, { serverSelectionTimeoutMS: 3000 }).catch(() => {});
  });
  const connection = createQueueConnection(env.REDIS_URL);
  connection.on('error', () => {});
  const queues = new QueueFactory(connection, env.QUEUE_PREFIX);
  // nodemailer verifies nothing here: a mail server that is down fails (and retries) the job.
  const mailer = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : undefined;
  const caseChanged = (...caseIds: string[]) => publishCaseChanged(connection, env.QUEUE_PREFIX, ...caseIds);
  // Case jobs follow a reporter's action by seconds: what they log waits for the bucket's end.
  const caseLog = new BucketLog({ level: env.LOG_LEVEL, name: 'workers', roundingMinutes: () => policies.current().then((p) => p.policy.timeRoundingMinutes) });
  setWorkerContext({ env, logger, policies, queues, mailer, now: () => new Date(), reconcileSeen: new Map(), caseChanged, caseLog: caseLog.logger });

  const lockMs = env.WORKER_LOCK_SECONDS * 1000;
  const workers = QUEUES.map((name) => {
    const worker = new Worker(name, dispatch, {
      connection,
      prefix: env.QUEUE_PREFIX,
      concurrency: env.WORKER_CONCURRENCY,
      // A job whose process died is run again once its lock expires; every processor is
      // idempotent, and a job may crash its worker a few times before it counts as failed.
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: 3,
    });
    if (isCaseQueue(name)) {
      // A case job's failure is counted for the bucket, without its id (it names the case) or time.
      worker.on('failed', (job, err) => caseLog.logger.warn({ queue: name, job: job?.name, err }, 'job failed'));
      // Nothing of a finished case job stays in Redis: not even the emptied event stream, whose
      // last entry id is a millisecond time (server/queues/queueFactory.ts).
      const forget = () => void connection.del(eventsKey(env.QUEUE_PREFIX, name)).catch(() => {});
      worker.on('completed', forget);
      worker.on('failed', forget);
    } else {
      // Only the job's name and id (periodic tasks: the scheduler's ids) are logged; never its data.
      worker.on('failed', (job, err) => logger.warn({ queue: name, job: job?.name, id: job?.id, err }, 'job failed'));
    }
    worker.on('error', () => {});
    return worker;
  });

  // Bounded: with Redis down the call would wait for it; the next round tries again.
  const schedule = () => withTimeout(ensureSchedules(queues, env), 5000).catch(() => logger.warn('job schedulers not set; retrying'));
  await schedule();
  const scheduleTimer = setInterval(schedule, Math.min(60_000, env.RECONCILE_EVERY_SECONDS * 1000)).unref();
  logger.info({ queues: QUEUES }, 'workers started');
  process.stdout.write('WORKERS READY\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(scheduleTimer);
    caseLog.stop();
    // close() waits for the jobs in progress to finish; new jobs are not taken.
    await Promise.allSettled(workers.map((w) => w.close()));
    await queues.close().catch(() => {});
    mailer?.close();
    await Promise.allSettled([connection.quit(), mongoose.disconnect()]);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();
