import { Worker } from 'bullmq';
import mongoose from 'mongoose';
import { loadEnvOrExit } from '../server/config/env';
import { createLogger } from '../server/logger';
import { connectMongo } from '../server/infra/mongo';
import { createQueueConnection } from '../server/infra/redis';
import { QUEUES } from '../core/jobs';
import { dispatch } from './dispatch';

/** The worker process: one BullMQ Worker per queue, graceful shutdown on SIGTERM/SIGINT. */
async function main() {
  const env = loadEnvOrExit();
  const logger = createLogger(env.LOG_LEVEL, 'workers');
  await connectMongo(env.MONGODB_URI).catch(() => logger.warn('database not reachable at start; will keep trying'));
  const connection = createQueueConnection(env.REDIS_URL);
  connection.on('error', () => {});

  const workers = QUEUES.map((name) => {
    const worker = new Worker(name, dispatch, { connection, prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY });
    // Only the job's name and id (an opaque number) are logged; never its data.
    worker.on('failed', (job, err) => logger.warn({ queue: name, job: job?.name, id: job?.id, err }, 'job failed'));
    worker.on('error', () => {});
    return worker;
  });
  logger.info({ queues: QUEUES }, 'workers started');
  process.stdout.write('WORKERS READY\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // close() waits for the jobs in progress to finish; new jobs are not taken.
    await Promise.allSettled(workers.map((w) => w.close()));
    await Promise.allSettled([connection.quit(), mongoose.disconnect()]);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();
