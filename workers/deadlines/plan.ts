/**
 * Deadline planning, pure: given a case's state, the policy and an instant, which reminders are
 * due, which deadlines were newly missed, whether the case escalates, and when to look again.
 * The deadline task applies the plan with guarded updates; tests drive it with their own clock.
 */
import type { Policy } from '../../core/policy';
import { nextEscalationUnit, reminderTimes, type Route } from '../../core/routing';
import { activeDeadlines, FIELD_OF, type TrackedDeadline } from '../../core/lifecycle';

export type DeadlineCase = {
  status: string;
  unitId?: string;
  /** Primary unit then its escalation chain, as the route processor stored them. */
  chain: string[];
  wrappedUnits: string[];
  deadlines: Partial<Record<(typeof FIELD_OF)[TrackedDeadline], Date | null>>;
  remindersSent: string[];
  overdue: string[];
};

export type DeadlinePlan = {
  /** Reminders to send now: the latest one due per deadline, if not sent yet. */
  reminders: { deadline: TrackedDeadline; key: string }[];
  /** Deadlines missed and not flagged yet. */
  newlyOverdue: TrackedDeadline[];
  /** The unit that takes the case because the holder missed the acknowledgement. */
  escalateTo?: string;
  /** When the case needs looking at again (undefined: nothing left to watch). */
  nextDue?: Date;
};

/** The route as far as escalation needs it, rebuilt from the stored chain. */
function routeOf(policy: Policy, chain: string[]): Pick<Route, 'primaryUnit' | 'escalationChain' | 'triageUnit'> {
  return { primaryUnit: chain[0] as Route['primaryUnit'], escalationChain: chain.slice(1) as Route['escalationChain'], triageUnit: policy.triageUnit };
}

export function planDeadlines(policy: Policy, c: DeadlineCase, now: Date): DeadlinePlan {
  const t = now.getTime();
  const plan: DeadlinePlan = { reminders: [], newlyOverdue: [] };
  const upcoming: number[] = [];
  for (const name of activeDeadlines(c.status)) {
    const raw = c.deadlines[FIELD_OF[name]];
    if (!raw) continue;
    const due = new Date(raw);
    if (due.getTime() <= t) {
      if (name === 'acknowledge' && c.chain.length && c.unitId) {
        plan.escalateTo = nextEscalationUnit(routeOf(policy, c.chain) as Route, c.unitId, c.wrappedUnits);
        // Escalation is the consequence of a missed acknowledgement; the flag is for when none is possible.
        if (plan.escalateTo) continue;
      }
      if (!c.overdue.includes(name)) plan.newlyOverdue.push(name);
      continue;
    }
    upcoming.push(due.getTime());
    const times = reminderTimes(policy.calendar, policy.deadlines[name], due, new Date(0)).map((d) => d.getTime());
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
