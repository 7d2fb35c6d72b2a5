import { conflict } from '../../../core/errors';
import { caseForMember } from './caseAccess';
import { moveCase } from './caseTransferrer';
import type { CaseWorkDeps } from './caseWork';

/**
 * "Outside our competence": a member sends the case back to the policy's triage unit with a
 * reason code. Every case carries a wrap for the triage unit (it is in every candidate set), so
 * no key is needed; a case already at triage cannot be declined.
 */
export async function declineCase(deps: CaseWorkDeps, caseId: string, actorId: string, reason: 'outside_competence' | 'conflict_of_interest' | 'other') {
  const { kase } = await caseForMember(caseId, actorId);
  const { policy } = await deps.policies.current();
  if (kase.unitId === policy.triageUnit) throw conflict('already_triage', 'The triage unit cannot decline a case; transfer it instead.');
  return moveCase(deps, kase, actorId, { unitId: policy.triageUnit, reason }, 'case.declined');
}
