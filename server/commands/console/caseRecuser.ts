import { conflict } from '../../../core/errors';
import { appendCaseAudit } from '../../audit/appendAudit';
import { Notification } from '../../models/Notification';
import { caseForMember } from './caseAccess';
import { moveOpenCount, pickAssignee, updateCaseIfUnchanged } from './caseWork';

/**
 * Recusal for a conflict of interest: the member is added to the case's recused list, which
 * removes the case from their inbox, their access (caseForMember refuses them from now on),
 * their unit's workload and audit pages, and their notifications;
 * if they were the assignee the case goes to the member with the fewest open cases. Audited
 * first-hand, with no reason text stored (the reason may itself be sensitive).
 */
export async function recuseFromCase(caseId: string, actorId: string) {
  // Stepping away needs no key: a member still waiting for one must be able to do it too.
  const { kase } = await caseForMember(caseId, actorId, { withoutKey: true });
  if (kase.recusedIds?.includes(actorId)) throw conflict('already_recused', 'You already recused yourself.');
  const wasAssignee = kase.assigneeId === actorId;
  const next = wasAssignee ? await pickAssignee(kase.unitId!, [...(kase.recusedIds ?? []), actorId]) : kase.assigneeId;
  const update: Record<string, any> = { $push: { recusedIds: actorId } };
  if (wasAssignee) {
    if (next) update.$set = { assigneeId: next };
    else update.$unset = { assigneeId: 1 };
  }
  await updateCaseIfUnchanged(kase, {}, update);
  if (wasAssignee) await moveOpenCount(kase.unitId, actorId, kase.unitId, next);
  await appendCaseAudit(caseId, kase.unitId, { actor: actorId, action: 'case.recused', details: { reassignedTo: wasAssignee ? (next ?? null) : null } });
  // Nothing about the case reaches them any more: earlier notifications go too (the worker skips
  // recused members for new ones, workers/processors/notifyProcessor.ts).
  await Notification.deleteMany({ investigatorId: actorId, caseId });
  return { recused: true, assigneeId: next ?? null };
}
