import fs from 'node:fs';
import http from 'node:http';
import mongoose from 'mongoose';
import { loadEnvOrExit } from './config/env';
import { createLogger } from './logger';
import { connectMongo } from './infra/mongo';
import { createCommandConnection, createQueueConnection } from './infra/redis';
import { QueueFactory } from './queues/queueFactory';
import { createApp } from './app';
import { ready } from '../core/crypto/sodium';
import { PolicyStore } from './policy/policyStore';
import { ensureAttachmentIndexes } from './commands/attachmentUploader';
import { InboxIndex } from './inbox/inboxIndex';

/** The API process: connects, listens, and shuts down gracefully on SIGTERM/SIGINT. */
async function main() {
  const env = loadEnvOrExit();
  const logger = createLogger(env.LOG_LEVEL, 'server');
  const redis = createCommandConnection(env.REDIS_URL);
  const queueConnection = createQueueConnection(env.REDIS_URL);
  // Connection errors repeat while a service is down; log the fact, not the error text.
  redis.on('error', () => {});
  queueConnection.on('error', () => {});
  const queues = new QueueFactory(queueConnection, env.QUEUE_PREFIX);
  await ready();
  const policies = new PolicyStore(env.ROOT_PUBLIC_KEY);

  try {
    await connectMongo(env.MONGODB_URI);
  } catch {
    // Start anyway: /readyz reports 503 until the database answers, and the driver keeps trying.
    logger.warn('database not reachable at start; will keep trying');
    void mongoose.connect(env.MONGODB_URI, { serverSelectionTimeoutMS: 3000 }).catch(() => {});
  }

  // A policy file that does not verify is a configuration error: stop now, say why.
  if (env.POLICY_FILE) {
    try {
      await checkPolicyFile(policies, env.POLICY_FILE, env.ROOT_PUBLIC_KEY);
    } catch (err) {
      process.stderr.write(`POLICY_FILE ${env.POLICY_FILE}: ${(err as Error).message}\n`);
      process.exit(1);
    }
  }
  // Database preparation retries until the database answers; /readyz says 503 meanwhile.
  const prepare = () =>
    prepareDatabase(policies, env.POLICY_FILE).catch(() => {
      logger.warn('database preparation deferred; retrying in 5 s');
      setTimeout(prepare, 5000).unref();
    });
  void prepare();
  const inbox = new InboxIndex({ redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, rebuildEverySeconds: env.INBOX_REBUILD_SECONDS, logger, publisher: redis });
  inbox.start();
  // Warm the inbox rows now, so the first investigator does not wait for the full read.
  void inbox.ensureLoaded().catch(() => logger.warn('inbox rows not loaded yet; the first inbox request retries'));
  const app = createApp({ env, logger, redis, queues, policies, inbox });
  const server = http.createServer(app);
  server.keepAliveTimeout = 5000;
  server.listen(env.PORT, env.HOST, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : env.PORT;
    logger.info({ port }, 'listening');
    process.stdout.write(`READY http://${env.HOST}:${port}\n`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), env.SHUTDOWN_GRACE_MS).unref();
    // Stop accepting; requests in flight finish, then idle keep-alive sockets close.
    server.close();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.on('close', resolve));
    await queues.close().catch(() => {});
    await inbox.stop();
    await Promise.allSettled([queueConnection.quit(), redis.quit(), mongoose.disconnect()]);
    clearTimeout(force);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function checkPolicyFile(policies: PolicyStore, path: string, rootKey: string | undefined) {
  if (!rootKey) throw new Error('ROOT_PUBLIC_KEY is required to trust a policy file.');
  await policies.remember(JSON.parse(fs.readFileSync(path, 'utf8')));
}

/** Indexes, and the policy file if one is configured. Safe to repeat at every start. */
async function prepareDatabase(policies: PolicyStore, policyFile: string | undefined) {
  await ensureAttachmentIndexes();
  if (policyFile) await policies.addFile(policyFile);
}

void main();
