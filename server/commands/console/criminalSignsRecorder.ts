import { calendarCovers, computeDeadline } from '../../../core/routing';
import { conflict } from '../../../core/errors';
import { appendCaseAudit } from '../../audit/appendAudit';
import { caseForMember } from './caseAccess';
import { replanDeadlines, timelineNow, updateCaseIfUnchanged, type CaseWorkDeps } from './caseWork';

/**
 * An investigator records that the case shows signs of a crime. This starts the policy's
 * criminal-referral clock (1 working day in the default policy: the case must go to the body
 * that investigates crimes, aca/afm). The clock binds while the case stays with the unit that
 * recorded the signs: a transfer (or closing as referred) settles it; if it runs out, the case
 * is flagged overdue and the unit head alerted by the deadline worker. Once per unit.
 */
export async function recordCriminalSigns(deps: CaseWorkDeps, caseId: string, actorId: string, now = new Date()) {
  const { kase } = await caseForMember(caseId, actorId);
  if (kase.status === 'closed') throw conflict('case_closed', 'A closed case cannot be changed.');
  const recorded = (kase as { criminalSigns?: { unitId?: string } }).criminalSigns;
  if (recorded?.unitId === kase.unitId) throw conflict('criminal_signs_recorded', 'Criminal signs were already recorded for this case at this unit.');
  const { policy } = await deps.policies.current();
  const criminalReferralBy = computeDeadline(policy, 'criminalReferral', now);
  if (!criminalReferralBy) throw conflict('no_deadline', 'The policy sets no criminal-referral deadline.');
  const at = await timelineNow(deps.policies);
  await updateCaseIfUnchanged(kase, {}, {
    $set: {
      criminalSigns: { at, unitId: kase.unitId },
      'deadlines.criminalReferralBy': criminalReferralBy,
      // Counted past the calendar's years (weekends only): say so on the case.
      ...(calendarCovers(policy.calendar, criminalReferralBy) ? {} : { 'deadlines.unverified': true }),
      ...replanDeadlines(kase.status, now).$set,
    },
  });
  await appendCaseAudit(caseId, kase.unitId, { actor: actorId, action: 'case.criminal_signs', details: { criminalReferralBy: criminalReferralBy.toISOString() } });
  return { criminalReferralBy };
}
