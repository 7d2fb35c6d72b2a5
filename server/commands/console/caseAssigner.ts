import { invalid } from '../../../core/errors';
import { appendCaseAudit } from '../../audit/appendAudit';
import { Investigator } from '../../models/Investigator';
import { Membership } from '../../models/Membership';
import { caseForMember } from './caseAccess';
import { moveOpenCount, updateCaseIfUnchanged } from './caseWork';

/**
 * A unit supervisor assigns (or reassigns) a case to a member of the same unit who holds the
 * unit key and has not recused. Guarded on the assignee read, so two reassignments racing
 * cannot both win; the open-case counters follow.
 */
export async function assignCase(caseId: string, actorId: string, assigneeId: string) {
  const { kase } = await caseForMember(caseId, actorId, { supervisor: true });
  if (kase.status === 'closed') throw invalid('case_closed', 'A closed case cannot be assigned.');
  if (kase.recusedIds?.includes(assigneeId)) throw invalid('assignee_recused', 'This member recused themselves from the case.');
  const member = await Membership.findOne({ unitId: kase.unitId, investigatorId: assigneeId, active: true, 'grants.0': { $exists: true } }, { _id: 1 }).lean();
  if (!member) throw invalid('assignee_not_member', 'The assignee must be an active member of the unit holding its key.');
  const person = await Investigator.findById(assigneeId, { state: 1 }).lean<{ state: string }>();
  if (person?.state === 'disabled') throw invalid('assignee_disabled', "The assignee's account is disabled.");
  if (kase.assigneeId === assigneeId) return { assigneeId };
  await updateCaseIfUnchanged(kase, { assigneeId: kase.assigneeId ?? { $exists: false } }, { $set: { assigneeId } });
  await moveOpenCount(kase.unitId, kase.assigneeId, kase.unitId, assigneeId);
  await appendCaseAudit(caseId, kase.unitId, { actor: actorId, action: 'case.assigned', details: { from: kase.assigneeId ?? null, to: assigneeId } });
  return { assigneeId };
}
