import type { Envelope } from '../../../core/crypto';
import { appendCaseAudit } from '../../audit/appendAudit';
import { postMessage } from '../messagePoster';
import { caseForMember } from './caseAccess';
import type { CaseWorkDeps } from './caseWork';

/**
 * A reply to the reporter, sealed in the investigator's browser with sealMessage(dek, caseToken,
 * messageId, 'investigator', text): the reporter re-derives the DEK from the case code, so the
 * reply is readable by the reporter and the units holding a DEK wrap, and by nobody else.
 */
export async function postReply(deps: CaseWorkDeps, caseId: string, actorId: string, messageId: string, sealed: Envelope) {
  const { kase } = await caseForMember(caseId, actorId);
  const { policy } = await deps.policies.current();
  const posted = await postMessage(caseId, 'investigator', messageId, sealed, policy.timeRoundingMinutes);
  await appendCaseAudit(caseId, kase.unitId, { actor: actorId, action: 'message.sent', details: { seq: posted.seq } });
  return posted;
}
