import { appendHeldAudit } from '../../server/audit/heldAudit';
import type { WorkerContext } from '../context';
import { mailEndedBuckets } from '../notifications/mailBatch';

/**
 * What waits for the end of its rounding bucket goes out once the bucket has ended: audit
 * entries about reporters' events (server/audit/heldAudit.ts), then the notification mails
 * (workers/notifications/mailBatch.ts). Scheduled at the start of every minute, so the batch
 * leaves within a minute of the bucket's end whenever inside it the reporter acted.
 */
export async function runBucketFlush(ctx: WorkerContext, now = ctx.now()) {
  const audited = await appendHeldAudit(now);
  const mailed = await mailEndedBuckets(ctx, now);
  return { audited, mailed };
}
