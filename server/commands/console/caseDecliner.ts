import { conflict, forbidden } from '../../../core/errors';
import { caseForMember } from './caseAccess';
import { moveCase } from './caseTransferrer';
import type { CaseWorkDeps } from './caseWork';

/**
 * "Outside our competence": a member sends the case back to the policy's triage unit with a
 * reason code. Within the policy's competence window (3 working days from the unit receiving
 * the case, APPC Art. 76 analogue) any member may; after it, only a supervisor (403
 * `decline_window_passed`). Every case carries a wrap for the triage unit (it is in every
 * candidate set), so no key is needed; a case already at triage cannot be declined.
 */
export async function declineCase(deps: CaseWorkDeps, caseId: string, actorId: string, reason: 'outside_competence' | 'conflict_of_interest' | 'other', now = new Date()) {
  const { kase, membership } = await caseForMember(caseId, actorId);
  const { policy } = await deps.policies.current();
  if (kase.unitId === policy.triageUnit) throw conflict('already_triage', 'The triage unit cannot decline a case; transfer it instead.');
  const windowEnd = kase.deadlines?.competenceDeclineBy;
  if (windowEnd && new Date(windowEnd).getTime() < now.getTime() && membership.role !== 'supervisor') {
    throw forbidden('decline_window_passed', 'The window to decline as outside competence has passed: a supervisor of the unit must decide.');
  }
  return moveCase(deps, kase, actorId, { unitId: policy.triageUnit, reason }, 'case.declined');
}
