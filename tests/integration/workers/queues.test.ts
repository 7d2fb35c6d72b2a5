import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { queueStats } from '../../../workers/monitoring/queueStats';
import { REDIS_URL, ROOT, uniqueName } from '../../support/testEnv';
import { eventually } from './stack';

const run = promisify(execFile);

/** What operators see of the queues: counts and failed jobs by id and name, never job data. */
describe('queue monitoring', () => {
  const prefix = uniqueName('qmon');
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  afterAll(async () => {
    for (const name of ['route', 'notify']) {
      const q = new Queue(name, { connection, prefix });
      await q.obliterate({ force: true }).catch(() => {});
      await q.close();
    }
    await connection.quit();
  });

  it('counts waiting, failed, completed and retried jobs, and lists failed ones without their data', async () => {
    const route = new Queue('route', { connection, prefix });
    const notify = new Queue('notify', { connection, prefix });
    await notify.add('case.notify', { kind: 'new_case', caseId: 'SECRET-CASE-ID-1' }, { jobId: 'notify-new-1' });
    await notify.add('case.notify', { kind: 'new_case', caseId: 'SECRET-CASE-ID-2' }, { jobId: 'notify-new-2', attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    await notify.add('case.notify', { kind: 'malformed' }, { jobId: 'notify-bad' });
    await route.add('case.route', { caseId: 'waiting-case' }, { jobId: 'route-waiting' });
    let flaky = 0;
    const worker = new Worker(
      'notify',
      async (job) => {
        if (job.id === 'notify-bad') throw new UnrecoverableError('malformed case.notify payload SECRET-CASE-ID-3');
        if (job.id === 'notify-new-2' && flaky++ === 0) throw new Error('smtp down');
        return null;
      },
      { connection: connection.duplicate(), prefix },
    );
    await eventually(async () => (await notify.getJobCounts('completed', 'failed')).completed === 2, 10_000, 50);
    await worker.close();

    const stats = await queueStats(connection, prefix);
    const n = stats.find((s) => s.queue === 'notify')!;
    const r = stats.find((s) => s.queue === 'route')!;
    expect(r).toMatchObject({ waiting: 1, active: 0, failed: 0 });
    expect(n).toMatchObject({ waiting: 0, failed: 1, completed: 2, retried: 1 });
    expect(n.failedJobs).toEqual([{ id: 'notify-bad', name: 'case.notify', attempts: 1 }]);
    expect(JSON.stringify(stats)).not.toContain('SECRET');

    const { stdout } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['workers/cli/queues.ts'], { cwd: ROOT, env: { ...process.env, REDIS_URL, QUEUE_PREFIX: prefix } });
    expect(stdout).toMatch(/^notify\s+0\s+0\s+0\s+1\s+2\s+1\s*$/m);
    expect(stdout).toContain('failed notify notify-bad case.notify attempts=1');
    expect(stdout).not.toContain('SECRET');
    await route.close();
    await notify.close();
  });
});
