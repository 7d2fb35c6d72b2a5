import { UnrecoverableError, type Job } from 'bullmq';
import type { JobName } from '../core/jobs';
import { healthProcessor } from './processors/healthProcessor';

type Handler = (data: never, job: Job) => Promise<unknown>;

/** Job name → processor. A job name nobody handles is not retried: retrying cannot help. */
export const HANDLERS: Partial<Record<JobName, Handler>> = {
  'system.health': healthProcessor as Handler,
};

export async function dispatch(job: Job): Promise<unknown> {
  const handler = HANDLERS[job.name as JobName];
  if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
  return handler(job.data as never, job);
}
