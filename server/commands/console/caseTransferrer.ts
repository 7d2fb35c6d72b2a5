import { conflict, invalid } from '../../../core/errors';
import { findUnit } from '../../../core/policy';
import { appendAudit, appendCaseAudit } from '../../audit/appendAudit';
import type { UnitWrap } from '../../schemas/common';
import { caseForMember, type ConsoleCase } from './caseAccess';
import { moveOpenCount, pickAssignee, replanDeadlines, timelineNow, updateCaseIfUnchanged, type CaseWorkDeps } from './caseWork';
import { checkMoveTarget, checkUnitWraps } from '../../policy/unitWraps';
import { computeDeadline, unitKindOf, type RoutingMetadata } from '../../../core/routing';

export type TransferInput = {
  unitId: string;
  /** The DEK sealed in the browser to the target unit's current key; absent if the case already holds a wrap for it. */
  wrap?: UnitWrap;
  notesWrap?: UnitWrap;
  identityWrap?: UnitWrap;
  reason: 'outside_competence' | 'escalation' | 'conflict_of_interest' | 'workload' | 'other';
};

/**
 * Moves a case to another unit (a transfer, an escalation, a decline back to triage). If the
 * case holds no DEK wrap for the target (it was outside the candidate set), the browser of a
 * member who holds the DEK seals it to the target's current key from the verified signed policy;
 * the server accepts that wrap only if it names a key of a valid signed policy (server/policy/unitWraps.ts).
 * The old unit loses the case from its inbox and its access (access follows Case.unitId).
 * Never to a unit the policy's conflict exclusions keep away from this case (400 `excluded_unit`).
 */
export async function moveCase(deps: CaseWorkDeps, kase: ConsoleCase, actorId: string, input: TransferInput, action: string) {
  const { policy } = await deps.policies.current();
  if (!findUnit(policy, input.unitId)) throw invalid('unknown_unit', `The policy has no unit ${input.unitId}.`);
  checkMoveTarget(policy, kase.routing as RoutingMetadata, input.unitId);
  if (input.unitId === kase.unitId) throw conflict('same_unit', 'The case is already with this unit.');
  if (kase.status === 'closed') throw conflict('case_closed', 'A closed case cannot be transferred.');
  const hasWrap = kase.wraps.some((w) => w.unitId === input.unitId);
  const given = [input.wrap, input.notesWrap, input.identityWrap].filter((w): w is UnitWrap => Boolean(w));
  if (given.some((w) => w.unitId !== input.unitId)) throw invalid('wrap_wrong_unit', 'Every wrap must be for the target unit.');
  if (!hasWrap && !input.wrap) throw invalid('wrap_required', `The case holds no key for ${input.unitId}: seal the case key to that unit first.`);
  if (hasWrap && input.wrap) throw invalid('wrap_exists', `The case already holds a key for ${input.unitId}.`);
  if (input.identityWrap && !kase.confidential) throw invalid('no_identity', 'The case has no identity to wrap.');
  // A confidential reporter's identity must stay revealable by the unit that takes the case:
  // whoever can open it here (the current unit holds its key) must seal its key to the target too.
  const identityUnits = (kase.identity?.wraps ?? []).map((w) => w.unitId);
  // Except to a kind that never receives identities (the employer's own compliance service).
  const identityNever = (policy.identityExcludedKinds ?? []).includes(unitKindOf(policy, input.unitId));
  if (input.identityWrap && identityNever) throw invalid('excluded_unit_wrap', `Unit ${input.unitId} must never receive a reporter's identity.`);
  if (kase.confidential && !identityNever && identityUnits.includes(kase.unitId!) && !identityUnits.includes(input.unitId) && !input.identityWrap) {
    throw invalid('identity_wrap_required', `The reporter's identity key must be sealed to ${input.unitId} as well.`);
  }
  if (input.identityWrap && identityUnits.includes(input.unitId)) throw invalid('identity_wrap_exists', `The case already holds the identity key for ${input.unitId}.`);
  if (input.notesWrap && !kase.notesWraps?.length) throw invalid('no_notes_key', 'The case has no notes key to wrap.');
  await checkUnitWraps(deps.policies, given.map((w) => [w]), { currentOnly: true });

  const assigneeId = await pickAssignee(input.unitId, kase.recusedIds ?? []);
  const at = await timelineNow(deps.policies);
  const $push: Record<string, unknown> = { timeline: { kind: 'transferred', at, template: 'transferred' } };
  if (input.wrap) $push.wraps = input.wrap;
  if (input.notesWrap) $push.notesWraps = input.notesWrap;
  if (input.identityWrap) $push['identity.wraps'] = input.identityWrap;
  const $set: Record<string, unknown> = { unitId: input.unitId, ...replanDeadlines(kase.status).$set };
  // The receiving unit gets its own competence window (policy `competenceDecline`, from the assignment); triage has none.
  const declineBy = input.unitId === policy.triageUnit ? undefined : computeDeadline(policy, 'competenceDecline', new Date());
  if (declineBy) $set['deadlines.competenceDeclineBy'] = declineBy;
  if (assigneeId) $set.assigneeId = assigneeId;
  const update: Record<string, any> = { $set, $push };
  if (!assigneeId) update.$unset = { assigneeId: 1 };
  await updateCaseIfUnchanged(kase, {}, update);
  await moveOpenCount(kase.unitId, kase.assigneeId, input.unitId, assigneeId);
  const details = { from: kase.unitId ?? null, to: input.unitId, reason: input.reason, rewrapped: Boolean(input.wrap), assigneeId: assigneeId ?? null };
  await appendCaseAudit(kase._id, kase.unitId, { actor: actorId, action, details });
  await appendAudit({ scope: `unit:${input.unitId}`, actor: actorId, action: `${action}.in`, details: { caseId: kase._id, ...details } });
  return { unitId: input.unitId, assigneeId: assigneeId ?? null };
}

/**
 * A supervisor transfers or escalates a case to another unit. If the case has internal notes,
 * the notes key must come along for the target (400 `notes_wrap_required`), or the unit that
 * takes the case could never read what was recorded about it.
 */
export async function transferCase(deps: CaseWorkDeps, caseId: string, actorId: string, input: TransferInput) {
  const { kase } = await caseForMember(caseId, actorId, { supervisor: true });
  const notesForTarget = (kase.notesWraps ?? []).some((w) => w.unitId === input.unitId);
  if (kase.notesWraps?.length && !notesForTarget && !input.notesWrap) {
    throw invalid('notes_wrap_required', `The case has internal notes: seal the notes key to ${input.unitId} as well.`);
  }
  if (input.notesWrap && notesForTarget) throw invalid('notes_wrap_exists', `The case already holds the notes key for ${input.unitId}.`);
  return moveCase(deps, kase, actorId, input, input.reason === 'escalation' ? 'case.escalated' : 'case.transferred');
}
