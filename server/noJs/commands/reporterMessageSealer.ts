import { newContentId, sealMessage, toB64u, type CaseSecrets } from '../../../core/crypto';
import { withTimeout } from '../../infra/mongo';
import type { CaseChangeListener } from '../../inbox/caseChanges';
import type { Logger } from '../../logger';
import { authenticateCase } from '../../middlewares/caseAuth';
import { postMessage, type MessageCaps } from '../../commands/messagePoster';
import type { QueueFactory } from '../../queues/queueFactory';

export type MessageSealerDeps = { queues: QueueFactory; inbox: CaseChangeListener; logger: Logger };

/**
 * Seals a reporter's follow-up exactly as the browser does (sealMessage under the case DEK,
 * author 'reporter') and posts it with the JSON API's command; then, as that route does, tells
 * the inbox and queues the unit's notification (best effort). The text lives only in this call.
 * `caps`: the same per-case caps as the JSON API (this path has no proof of work, only its
 * global budgets, so the caps are what bound one case's thread here).
 */
export async function sealAndPostMessage(deps: MessageSealerDeps, secrets: CaseSecrets, text: string, roundingMinutes: number, caps?: MessageCaps): Promise<void> {
  const caseId = await authenticateCase(secrets.caseToken, toB64u(secrets.authSecret));
  const messageId = newContentId();
  const sealed = sealMessage(secrets.dek, secrets.caseToken, messageId, 'reporter', text);
  const posted = await postMessage(caseId, 'reporter', messageId, sealed, roundingMinutes, caps);
  await deps.inbox.caseChanged(caseId);
  const notice = { jobId: `notify-message-${caseId}-${posted.seq}`, removeOnComplete: true };
  await withTimeout(deps.queues.enqueue('case.notify', { kind: 'message', caseId }, notice), 2000).catch(() => deps.logger.warn('message notification not queued'));
}
