import http from 'node:http';
import mongoose from 'mongoose';
import { loadEnvOrExit } from './config/env';
import { createLogger } from './logger';
import { connectMongo } from './infra/mongo';
import { createCommandConnection, createQueueConnection } from './infra/redis';
import { QueueFactory } from './queues/queueFactory';
import { createApp } from './app';

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

  try {
    await connectMongo(env.MONGODB_URI);
  } catch {
    // Start anyway: /readyz reports 503 until the database answers, and the driver keeps trying.
    logger.warn('database not reachable at start; will keep trying');
    void mongoose.connect(env.MONGODB_URI, { serverSelectionTimeoutMS: 3000 }).catch(() => {});
  }

  const app = createApp({ env, logger, redis, queues });
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
    await Promise.allSettled([queueConnection.quit(), redis.quit(), mongoose.disconnect()]);
    clearTimeout(force);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();
