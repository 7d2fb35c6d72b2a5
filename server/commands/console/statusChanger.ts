import { canMove, type CaseOutcome, type CaseStatus } from '../../../core/lifecycle';
import { computeDeadline } from '../../../core/routing';
import { STATUS_TEMPLATES, type ReporterTemplateId } from '../../../core/statusTemplates';
import { conflict, invalid } from '../../../core/errors';
import { appendCaseAudit } from '../../audit/appendAudit';
import { caseForMember } from './caseAccess';
import { moveOpenCount, replanDeadlines, timelineNow, updateCaseIfUnchanged, type CaseWorkDeps } from './caseWork';

export type StatusChange = { to: Exclude<CaseStatus, 'received'>; outcome?: CaseOutcome; template: ReporterTemplateId };

/**
 * Moves a case along its lifecycle (core/lifecycle NEXT_STATUSES) and tells the reporter with a
 * fixed kk/ru/en template (core/statusTemplates) whose id goes on the timeline. The update is
 * guarded on the status read, so acknowledging twice, or closing a closed case, is a 409.
 */
export async function changeStatus(deps: CaseWorkDeps, caseId: string, actorId: string, change: StatusChange) {
  // Closing ends the case for the reporter: its assignee or a supervisor decides, not any member.
  const { kase } = await caseForMember(caseId, actorId, { assigneeOrSupervisor: change.to === 'closed' });
  const from = kase.status as CaseStatus;
  if (!canMove(from, change.to)) throw conflict('status_not_allowed', `A case that is ${from} cannot become ${change.to}.`);
  if (!STATUS_TEMPLATES[change.to].includes(change.template)) throw invalid('template_not_allowed', `Template ${change.template} does not fit the status ${change.to}.`);
  const closing = change.to === 'closed';
  if (closing !== Boolean(change.outcome)) throw invalid('outcome_required', closing ? 'Closing a case needs an outcome.' : 'Only closing takes an outcome.');
  if (closing && change.template !== `closed_${change.outcome}`) throw invalid('template_not_allowed', 'The template must match the outcome.');
  const at = await timelineNow(deps.policies);
  const replan = replanDeadlines(change.to);
  const $set: Record<string, unknown> = { status: change.to, ...replan.$set };
  if (closing) Object.assign($set, { outcome: change.outcome, closedAt: at });
  if (change.to === 'acknowledged') {
    $set.acknowledgedAt = at;
    // A deadline counted from the acknowledgement (the feedback: 3 months in the default policy) is counted again from now.
    const { policy } = await deps.policies.current();
    if (policy.deadlines.feedback.from === 'acknowledged') $set['deadlines.feedbackBy'] = computeDeadline(policy, 'feedback', new Date());
  }
  const update: Record<string, any> = { $set, $push: { timeline: { kind: 'status', at, status: change.to, template: change.template } } };
  if (replan.$unset) update.$unset = replan.$unset;
  const updated = await updateCaseIfUnchanged(kase, { status: from }, update);
  if (closing) await moveOpenCount(kase.unitId, kase.assigneeId, undefined, undefined);
  await appendCaseAudit(caseId, kase.unitId, { actor: actorId, action: 'case.status', details: { from, to: change.to, outcome: change.outcome ?? null, template: change.template } });
  return { status: updated.status as string, outcome: updated.outcome as string | undefined };
}

