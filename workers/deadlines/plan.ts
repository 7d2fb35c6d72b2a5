/**
 * Deadline planning, pure: given a case's state, the policy and an instant, which reminders are
 * due, which deadlines were newly missed (or, for the investigation alerts, reached), whether a
 * missed acknowledgement climbs the SLA-escalation chain, and when to look again. The deadline
 * task applies the plan with guarded updates; tests drive it with their own clock.
 */
import type { Policy } from '../../core/policy';
import { reminderTimes } from '../../core/routing';
import { activeDeadlines, FIELD_OF, WINDOW_DEADLINES, type DeadlineFacts, type TrackedDeadline } from '../../core/lifecycle';
import { nextSlaUnit } from './sla';

export type DeadlineCase = {
  status: string;
  unitId?: string;
  /** Primary unit then its competence chain, as the route processor stored them (not used for SLA escalation). */
  chain: string[];
  wrappedUnits: string[];
  deadlines: Partial<Record<(typeof FIELD_OF)[TrackedDeadline], Date | null>>;
  remindersSent: string[];
  overdue: string[];
  /** SLA steps taken for the missed acknowledgement: 0 none, 1 the unit head was alerted, 2+ oversight units. */
  slaLevel?: number;
  facts?: DeadlineFacts;
  /** Units the case must never reach (conflict exclusions of the current policy). */
  excludedUnits?: string[];
};

export type DeadlinePlan = {
  /** Reminders to send now: the latest one due per deadline, if not sent yet. */
  reminders: { deadline: TrackedDeadline; key: string }[];
  /** Deadlines missed (or alerts reached) and not flagged yet. */
  newlyOverdue: TrackedDeadline[];
  /** The missed acknowledgement's first SLA step: alert the unit head and give it one more period. */
  alertUnitHead?: boolean;
  /** The oversight unit that takes the case because the acknowledgement was missed again. */
  escalateTo?: string;
  /** When the case needs looking at again (undefined: nothing left to watch). */
  nextDue?: Date;
};

export function planDeadlines(policy: Policy, c: DeadlineCase, now: Date): DeadlinePlan {
  const t = now.getTime();
  const plan: DeadlinePlan = { reminders: [], newlyOverdue: [] };
  const upcoming: number[] = [];
  for (const name of activeDeadlines(c.status, { atTriage: c.unitId === policy.triageUnit, ...c.facts })) {
    const raw = c.deadlines[FIELD_OF[name]];
    const spec = policy.deadlines[name];
    if (!raw || !spec) continue;
    const due = new Date(raw);
    if (due.getTime() <= t) {
      // The competence window simply closes: a later decline needs a supervisor (caseDecliner).
      if (WINDOW_DEADLINES.includes(name)) continue;
      if (name === 'acknowledge' && c.unitId) {
        const level = c.slaLevel ?? 0;
        if (level === 0) plan.alertUnitHead = true;
        else plan.escalateTo = nextSlaUnit(policy, c.unitId, c.wrappedUnits, c.excludedUnits ?? []);
      }
      if (!c.overdue.includes(name)) plan.newlyOverdue.push(name);
      continue;
    }
    upcoming.push(due.getTime());
    const times = reminderTimes(policy.calendar, spec, due, new Date(0)).map((d) => d.getTime());
    const past = times.filter((x) => x <= t);
    const latest = past[past.length - 1];
    if (latest !== undefined) {
      const key = `${name}@${latest}`;
      if (!c.remindersSent.includes(key)) plan.reminders.push({ deadline: name, key });
    }
    const next = times.find((x) => x > t);
    if (next !== undefined) upcoming.push(next);
  }
  if (upcoming.length) plan.nextDue = new Date(Math.min(...upcoming));
  return plan;
}
