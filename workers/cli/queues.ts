/**
 * Queue monitoring for operators: waiting, active, delayed, failed, completed and retried jobs
 * per queue, and the newest failed jobs by id and name (never their data or error text).
 *   npx tsx workers/cli/queues.ts [--json] [--failed N]
 * Reads REDIS_URL and QUEUE_PREFIX from the environment.
 */
import { Redis } from 'ioredis';
import { queueStats } from '../monitoring/queueStats';

async function main() {
  const args = process.argv.slice(2);
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set');
  const failedAt = args.indexOf('--failed');
  const failedLimit = failedAt >= 0 ? Math.max(1, Number(args[failedAt + 1]) || 20) : 20;
  const connection = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const stats = await queueStats(connection, process.env.QUEUE_PREFIX || 'cc', failedLimit);
    if (args.includes('--json')) return void process.stdout.write(`${JSON.stringify(stats)}\n`);
    const cols = ['queue', 'waiting', 'active', 'delayed', 'failed', 'completed', 'retried'] as const;
    process.stdout.write(`${cols.map((c) => c.padEnd(10)).join('')}\n`);
    for (const s of stats) process.stdout.write(`${cols.map((c) => String(s[c]).padEnd(10)).join('')}\n`);
    for (const s of stats) {
      for (const j of s.failedJobs) process.stdout.write(`failed ${s.queue} ${j.id} ${j.name} attempts=${j.attempts}\n`);
    }
  } finally {
    connection.disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`queues: ${(err as Error).message}\n`);
  process.exit(2);
});
