import { randomBytes } from 'node:crypto';
import { withTimeout } from '../../infra/mongo';
import type { QueueFactory } from '../../queues/queueFactory';
import type { Logger } from '../../logger';

/**
 * Tells the new holder of a case (after an assignment, transfer or decline) through the
 * notification worker: a console notification and a content-free mail. Best effort: the case is
 * already changed and audited, so a Redis outage costs only the nudge (bounded, never blocks).
 */
export async function notifyAssigned(queues: QueueFactory, logger: Logger, caseId: string) {
  try {
    await withTimeout(queues.enqueue('case.notify', { kind: 'assigned', caseId }, { jobId: `notify-assigned-${caseId}-${randomBytes(6).toString('hex')}`, removeOnComplete: true }), 2000);
  } catch {
    logger.warn('assignment notification not queued');
  }
}
