/**
 * Case deadlines from the policy: each is an amount of working days, calendar days or calendar
 * months counted from an event (receipt, acknowledgement, ...) on the policy calendar, and ends
 * at the end of its local day. Pure: the route and deadline workers store the results.
 */
import type { Calendar, DeadlineAnchor, DeadlineSpec, Deadlines, Policy } from '../policy/schema';
import {
  addCalendarDays,
  addCalendarMonths,
  addWorkingDays,
  calendarCovers,
  endOfLocalDay,
  localDayNumber,
  nthWorkingDayBefore,
} from './calendar';

export { addWorkingDays, addCalendarDays, addCalendarMonths, countWorkingDays, isWorkingDay } from './calendar';

export type DeadlineName = keyof Deadlines;

/** The field of CaseDeadlines holding each deadline (alerts are moments, not limits: "At"). */
export const DEADLINE_FIELDS = {
  acknowledge: 'acknowledgeBy',
  triageDecision: 'triageDecisionBy',
  answer: 'answerBy',
  feedback: 'feedbackBy',
  investigationAlert: 'investigationAlertAt',
  investigationEscalation: 'investigationEscalationAt',
  criminalReferral: 'criminalReferralBy',
  competenceDecline: 'competenceDeclineBy',
  extensionNotice: 'extensionNoticeBy',
} as const satisfies Record<DeadlineName, string>;

export interface DeadlineReminder {
  deadline: DeadlineName;
  at: Date;
}

export interface CaseDeadlines {
  acknowledgeBy: Date;
  triageDecisionBy: Date;
  answerBy: Date;
  feedbackBy: Date;
  investigationAlertAt: Date;
  investigationEscalationAt: Date;
  criminalReferralBy: Date;
  competenceDeclineBy?: Date;
  extensionNoticeBy?: Date;
  /** Every reminder of the deadlines above that falls after its anchor, earliest first. */
  reminders: DeadlineReminder[];
  /** Some deadline falls in a year the calendar does not cover: counted on weekends only. */
  unverified: boolean;
}

/** When a deadline of this spec, counted from `anchorAt`, expires. */
export function deadlineAt(calendar: Calendar, spec: DeadlineSpec, anchorAt: Date): Date {
  switch (spec.unit) {
    case 'working_days':
      return addWorkingDays(calendar, anchorAt, spec.amount);
    case 'calendar_days':
      return addCalendarDays(calendar, anchorAt, spec.amount);
    case 'calendar_months':
      return addCalendarMonths(calendar, anchorAt, spec.amount);
  }
}

/**
 * Reminder instants of a deadline due at `dueAt`: "N hours / calendar days / working days
 * before" means when that much time remains (end of the N-th working day before the due day).
 * Reminders not after `notBefore` (the anchor) are dropped.
 */
export function reminderTimes(calendar: Calendar, spec: DeadlineSpec, dueAt: Date, notBefore: Date): Date[] {
  const dueDay = localDayNumber(calendar, dueAt);
  const times = (spec.reminders ?? []).map((r) => {
    if (r.unit === 'hours') return new Date(dueAt.getTime() - r.before * 3_600_000);
    if (r.unit === 'calendar_days') return endOfLocalDay(calendar, dueDay - r.before);
    return endOfLocalDay(calendar, nthWorkingDayBefore(calendar, dueDay, r.before));
  });
  return times.filter((t) => t.getTime() > notBefore.getTime()).sort((a, b) => a.getTime() - b.getTime());
}

/** One deadline of the policy counted from `anchorAt`; undefined if the policy does not set it. */
export function computeDeadline(policy: Policy, name: DeadlineName, anchorAt: Date): Date | undefined {
  const spec = policy.deadlines[name];
  return spec && deadlineAt(policy.calendar, spec, anchorAt);
}

/**
 * Every deadline of the policy for a case received at `receivedAt`. A deadline counted from a
 * later event (acknowledgement, assignment, criminal signs found, extension) uses that event's
 * time from `anchors` if given, else `receivedAt`, the earliest it can be (so never too late);
 * the worker recomputes it when the event happens.
 */
export function computeDeadlines(
  policy: Policy,
  receivedAt: Date,
  anchors: Partial<Record<DeadlineAnchor, Date>> = {},
): CaseDeadlines {
  const out: Partial<Record<(typeof DEADLINE_FIELDS)[DeadlineName], Date>> = {};
  const reminders: DeadlineReminder[] = [];
  let unverified = false;
  for (const name of Object.keys(DEADLINE_FIELDS) as DeadlineName[]) {
    const spec = policy.deadlines[name];
    if (!spec) continue;
    const anchorAt = spec.from === 'received' ? receivedAt : (anchors[spec.from] ?? receivedAt);
    const due = deadlineAt(policy.calendar, spec, anchorAt);
    out[DEADLINE_FIELDS[name]] = due;
    if (!calendarCovers(policy.calendar, anchorAt) || !calendarCovers(policy.calendar, due)) unverified = true;
    for (const at of reminderTimes(policy.calendar, spec, due, anchorAt)) reminders.push({ deadline: name, at });
  }
  reminders.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { ...(out as Omit<CaseDeadlines, 'reminders' | 'unverified'>), reminders, unverified };
}
