import { addWorkingDays } from '../../../core/routing';
import { EXTENSION_TEMPLATES, type ReporterTemplateId } from '../../../core/statusTemplates';
import { conflict, invalid } from '../../../core/errors';
import { appendCaseAudit } from '../../audit/appendAudit';
import { caseForMember } from './caseAccess';
import { replanDeadlines, timelineNow, updateCaseIfUnchanged, type CaseWorkDeps } from './caseWork';

/** Most working days one extension may add. */
export const MAX_EXTENSION_DAYS = 60;

/**
 * Extends the answer and feedback deadlines by working days of the policy calendar, with a
 * reason the reporter is told (a fixed kk/ru/en template on the timeline, with the days).
 */
export async function extendDeadline(deps: CaseWorkDeps, caseId: string, actorId: string, days: number, template: ReporterTemplateId) {
  if (!EXTENSION_TEMPLATES.includes(template)) throw invalid('template_not_allowed', `Template ${template} is not an extension reason.`);
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS) throw invalid('bad_days', `Extend by 1 to ${MAX_EXTENSION_DAYS} working days.`);
  const { kase } = await caseForMember(caseId, actorId);
  if (kase.status === 'closed') throw conflict('case_closed', 'A closed case has no deadline to extend.');
  const { policy } = await deps.policies.current();
  const deadlines = { ...(kase.deadlines ?? {}) };
  for (const field of ['answerBy', 'feedbackBy'] as const) {
    const current = deadlines[field];
    if (current) deadlines[field] = addWorkingDays(policy.calendar, new Date(current), days);
  }
  if (!deadlines.answerBy && !deadlines.feedbackBy) throw conflict('no_deadline', 'This case has no answer deadline yet.');
  const at = await timelineNow(deps.policies);
  // The extended deadlines are no longer missed; the worker flags them again if they pass.
  const overdue = (kase.overdue ?? []).filter((d) => d !== 'answer' && d !== 'feedback');
  const $set: Record<string, unknown> = { 'deadlines.answerBy': deadlines.answerBy, 'deadlines.feedbackBy': deadlines.feedbackBy, overdue, ...replanDeadlines(kase.status).$set };
  await updateCaseIfUnchanged(kase, { status: kase.status }, { $set, $push: { timeline: { kind: 'extension', at, template, days } } });
  await appendCaseAudit(caseId, kase.unitId, { actor: actorId, action: 'deadline.extended', details: { days, template } });
  return { answerBy: deadlines.answerBy ?? null, feedbackBy: deadlines.feedbackBy ?? null };
}
