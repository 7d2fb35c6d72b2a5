import { conflict } from '../../../core/errors';
import { appendCaseAudit } from '../../audit/appendAudit';
import { roundDown } from '../../infra/ids';
import { Case } from '../../models/Case';
import { caseForMember } from './caseAccess';

export const FINAL_OUTCOMES = ['conviction', 'acquittal', 'proceedings_ended', 'no_proceedings'] as const;
export type FinalOutcome = (typeof FINAL_OUTCOMES)[number];

/**
 * Records the final outcome of a closed case (a verdict in force, the end of proceedings): a
 * case closed as "referred" closes long before any conviction, and the reward window of the
 * policy runs from this date, not from the closure (workers/tasks/retentionTask.ts). The day
 * only. Can be corrected by recording again; each record is audited.
 */
export async function recordFinalOutcome(caseId: string, investigatorId: string, result: FinalOutcome) {
  const { kase } = await caseForMember(caseId, investigatorId);
  if (kase.status !== 'closed') throw conflict('case_not_closed', 'Record the final outcome after the case is closed.');
  const at = roundDown(new Date(), 24 * 60);
  await Case.updateOne({ _id: caseId }, { $set: { finalOutcome: { result, at } } });
  await appendCaseAudit(caseId, kase.unitId, { actor: investigatorId, action: 'case.final_outcome', details: { result } });
  return { result, at };
}
