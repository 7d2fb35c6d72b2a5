import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { QueueFactory } from '../../server/queues/queueFactory';
import { startWorkers } from '../support/processes';
import { REDIS_URL, MONGODB_URI, uniqueName } from '../support/testEnv';

describe('worker process', () => {
  it('runs a health job round trip through Redis and shuts down gracefully', async () => {
    const prefix = uniqueName('rt');
    const workers = await startWorkers({ MONGODB_URI, REDIS_URL, QUEUE_PREFIX: prefix });
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queues = new QueueFactory(connection, prefix);
    const events = new QueueEvents('system', { connection: connection.duplicate(), prefix });
    try {
      await events.waitUntilReady();
      const nonce = randomUUID();
      const job = await queues.enqueue('system.health', { nonce });
      const result = await job.waitUntilFinished(events, 15_000);
      expect(result.nonce).toBe(nonce);
      expect(await workers.stop('SIGTERM')).toBe(0);
      expect(workers.output()).toContain('"msg":"stopped"');
    } finally {
      await events.close();
      await queues.close();
      await connection.quit();
      await workers.stop('SIGKILL');
    }
  });
});
