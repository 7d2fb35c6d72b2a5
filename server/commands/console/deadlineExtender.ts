import { addWorkingDays, calendarCovers, computeDeadline, deadlineAt } from '../../../core/routing';
import type { EXTENSION_REASONS } from '../../../core/policy/schema';
import { conflict, invalid } from '../../../core/errors';
import { appendCaseAudit } from '../../audit/appendAudit';
import { caseForMember } from './caseAccess';
import { replanDeadlines, timelineNow, updateCaseIfUnchanged, type CaseWorkDeps } from './caseWork';

/** Most working days one request may ask for (the policy's total maximum binds first). */
export const MAX_EXTENSION_DAYS = 60;

export type ExtensionReason = (typeof EXTENSION_REASONS)[number];

/**
 * Extends the answer deadline as the law allows (APPC Art. 76; the policy's `extensions`):
 * - only a supervisor of the unit decides it, with a reason from the policy's fixed list;
 * - only before the deadline has passed (a missed deadline stays missed: no overdue flag is cleared);
 * - all extensions together never reach past the ORIGINAL answer deadline plus the policy's
 *   maximum (two months in the default policy), however many times it is asked;
 * - the reporter is told on the status page at once (a kk/ru/en template naming the reason and
 *   the days), inside the policy's notice period (`extensionNotice`), which is recorded.
 * The compliance statistics keep counting against the original deadline (server/statistics).
 */
export async function extendDeadline(deps: CaseWorkDeps, caseId: string, actorId: string, days: number, reason: string, now = new Date()) {
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS) throw invalid('bad_days', `Extend by 1 to ${MAX_EXTENSION_DAYS} working days.`);
  const { policy } = await deps.policies.current();
  const rules = policy.extensions;
  if (!rules) throw conflict('extension_not_allowed', 'The policy allows no extension.');
  if (!rules.reasons.includes(reason as ExtensionReason)) throw invalid('extension_reason_not_allowed', `The reason must be one of: ${rules.reasons.join(', ')}.`);
  const { kase } = await caseForMember(caseId, actorId, { supervisor: true });
  if (kase.status === 'closed') throw conflict('case_closed', 'A closed case has no deadline to extend.');
  const current = kase.deadlines?.answerBy;
  if (!current) throw conflict('no_deadline', 'This case has no answer deadline yet.');
  if (new Date(current).getTime() <= now.getTime() || (kase.overdue ?? []).includes('answer')) {
    throw conflict('deadline_passed', 'The answer deadline has passed: it can no longer be extended.');
  }
  const original = new Date(kase.deadlines?.originalAnswerBy ?? current);
  const latest = deadlineAt(policy.calendar, { ...rules.maxTotal, from: 'received' }, original);
  const answerBy = addWorkingDays(policy.calendar, new Date(current), days);
  if (answerBy.getTime() > latest.getTime()) {
    throw invalid('extension_over_maximum', `All extensions together may reach ${latest.toISOString()} at the latest (${rules.maxTotal.amount} ${rules.maxTotal.unit} after the original deadline).`);
  }
  const at = await timelineNow(deps.policies);
  const noticeBy = computeDeadline(policy, 'extensionNotice', now);
  // The notice is the timeline entry written with the decision, so it is given at once.
  const extension = { at, reason, days, answerBy, ...(noticeBy ? { noticeBy } : {}), noticeAt: at };
  const $set: Record<string, unknown> = {
    'deadlines.answerBy': answerBy,
    'deadlines.originalAnswerBy': original,
    ...(noticeBy ? { 'deadlines.extensionNoticeBy': noticeBy } : {}),
    ...(calendarCovers(policy.calendar, answerBy) ? {} : { 'deadlines.unverified': true }),
    ...replanDeadlines(kase.status, now).$set,
  };
  await updateCaseIfUnchanged(kase, { status: kase.status }, { $set, $push: { timeline: { kind: 'extension', at, template: reason, days }, extensions: extension } });
  await appendCaseAudit(caseId, kase.unitId, { actor: actorId, action: 'deadline.extended', details: { days, reason, answerBy: answerBy.toISOString(), latest: latest.toISOString() } });
  return { answerBy, originalAnswerBy: original, latestAnswerBy: latest };
}
