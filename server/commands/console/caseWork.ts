import { conflict } from '../../../core/errors';
import { Case } from '../../models/Case';
import { disabledInvestigatorIds } from '../../models/Investigator';
import { Membership } from '../../models/Membership';
import { roundDown } from '../../infra/ids';
import type { PolicyStore } from '../../policy/policyStore';
import type { ConsoleCase } from './caseAccess';

export type CaseWorkDeps = { policies: PolicyStore };

/** Timeline times the reporter sees are rounded like every other stored time. */
export async function timelineNow(policies: PolicyStore): Promise<Date> {
  // After every policy expired, the last one still gives the rounding: received cases stay workable.
  const { policy } = await policies.forClocks();
  return roundDown(new Date(), policy.timeRoundingMinutes);
}

/**
 * The deadline worker (workers/tasks/deadlineTask.ts) plans reminders, overdue flags and
 * escalation, and stores when it must look again in `deadlines.nextDue`. After a console change
 * that moves deadlines or the status, we ask it for a fresh plan the way it documents: by
 * setting `nextDue` to now (closed cases have nothing left to plan).
 */
export function replanDeadlines(status: string, now = new Date()): { $set?: Record<string, unknown>; $unset?: Record<string, 1> } {
  return status === 'closed' ? { $unset: { 'deadlines.nextDue': 1 } } : { $set: { 'deadlines.nextDue': now } };
}

/**
 * One guarded single-document update: applies only if the case is still as read (same unit,
 * same revision), so two investigators acting at once cannot both succeed. The revision `rev`
 * is bumped by every console update. Losing the race is a 409 the browser answers by reloading.
 */
export async function updateCaseIfUnchanged(kase: ConsoleCase, extraGuard: Record<string, unknown>, update: Record<string, any>): Promise<Record<string, any>> {
  const filter = { _id: kase._id, unitId: kase.unitId, rev: kase.rev, purgedAt: { $exists: false }, ...extraGuard };
  const withRev = { ...update, $inc: { ...(update.$inc ?? {}), rev: 1 } };
  const updated = await Case.findOneAndUpdate(filter, withRev, { returnDocument: 'after' }).lean<Record<string, any>>();
  if (!updated) throw conflict('case_changed', 'The case changed meanwhile (or the action was already done); reload it.');
  return updated;
}

/** Moves one open case from one member's counter to another's (either may be absent). */
export async function moveOpenCount(unitFrom: string | undefined, from: string | undefined, unitTo: string | undefined, to: string | undefined) {
  if (from && unitFrom) await Membership.updateOne({ unitId: unitFrom, investigatorId: from, openCases: { $gt: 0 } }, { $inc: { openCases: -1 } });
  if (to && unitTo) await Membership.updateOne({ unitId: unitTo, investigatorId: to }, { $inc: { openCases: 1 } });
}

/**
 * The member of a unit who should take a case: active, account not disabled, holding a key
 * grant, not recused, fewest open cases (ties by id, so the choice is repeatable). Undefined if
 * nobody qualifies.
 */
export async function pickAssignee(unitId: string, exclude: string[]): Promise<string | undefined> {
  const excluded = [...exclude, ...(await disabledInvestigatorIds())];
  const m = await Membership.findOne({ unitId, active: true, investigatorId: { $nin: excluded }, 'grants.0': { $exists: true } }, { investigatorId: 1 })
    .sort({ openCases: 1, investigatorId: 1 })
    .lean<{ investigatorId: string }>();
  return m?.investigatorId;
}
