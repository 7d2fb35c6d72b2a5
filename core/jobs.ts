/**
 * Background jobs as a typed union, and which queue each job runs on. Payloads hold only
 * opaque ids (never case codes or content). Shared by the API (enqueue) and the workers.
 */
export const QUEUES = ['route', 'notify', 'deadlines', 'retention', 'system'] as const;
export type QueueName = (typeof QUEUES)[number];

export type JobPayloads = {
  /** Health round trip: the worker echoes the nonce back as the job's return value. */
  'system.health': { nonce: string };
  /** Route a stored case to its unit. Job id = case id, so queuing it twice is a no-op. */
  'case.route': { caseId: string };
};

export type JobName = keyof JobPayloads;

export const QUEUE_OF: { [K in JobName]: QueueName } = {
  'system.health': 'system',
  'case.route': 'route',
};
