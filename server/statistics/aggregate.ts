/**
 * From case documents to counts, in application code (FerretDB computes one accumulator per
 * $group and no expressions, so the database only streams a projection). Only plaintext
 * metadata the server already holds is read: routing category and region, unit, status,
 * outcome, the rounded receipt time, deadlines and the times of timeline events. Nothing here
 * is derived from content, and no figure is finer than a month.
 */
import { daysBetween, monthOf } from './periods';
import { TRACKED_DEADLINES } from '../../core/lifecycle';

/**
 * `sector`: the reporter's optional answer "in which area?" (a hospital, a tax office), asked for
 * the statistics only; 'none' when not given. Suppressed like every other breakdown.
 */
export const DIMENSIONS = ['category', 'region', 'unitKind', 'state', 'sector'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Open states, then closed outcomes: a case is counted in exactly one. */
export const STATES = ['received', 'acknowledged', 'assessment', 'investigation', 'substantiated', 'unsubstantiated', 'referred', 'insufficient_information'] as const;

/** The fields the statistics read; the task's projection asks for exactly these. */
export type CaseMetadata = {
  routing?: { category?: string; region?: string; sector?: string };
  unitId?: string | null;
  status?: string;
  outcome?: string | null;
  receivedAt: Date;
  /** `originalAnswerBy`: the answer deadline before any extension, the one compliance counts against. */
  deadlines?: { acknowledgeBy?: Date | null; answerBy?: Date | null; originalAnswerBy?: Date | null } | null;
  /** Extensions of the answer deadline (only their number is read). */
  extensions?: unknown[];
  overdue?: string[];
  escalationLevel?: number;
  timeline?: { kind?: string; at?: Date; status?: string }[];
};

export const CASE_PROJECTION = {
  'routing.category': 1,
  'routing.region': 1,
  'routing.sector': 1,
  unitId: 1,
  status: 1,
  outcome: 1,
  receivedAt: 1,
  'deadlines.acknowledgeBy': 1,
  'deadlines.answerBy': 1,
  'deadlines.originalAnswerBy': 1,
  extensions: 1,
  overdue: 1,
  escalationLevel: 1,
  timeline: 1,
} as const;

/** One legal clock of one case: whether it counts yet, whether it was kept, and how long it took. */
export type Clock = { eligible: boolean; onTime: boolean; days?: number };
export type CaseFacts = { month: string; category: string; region: string; sector: string; unitKind: string; unitId: string; state: string; acknowledge: Clock; answer: Clock; extended?: boolean; flagged?: string[] };

function firstStatusAt(c: CaseMetadata, test: (status: string) => boolean): Date | undefined {
  for (const e of c.timeline ?? []) if (e.kind === 'status' && e.status && e.at && test(e.status)) return new Date(e.at);
  return undefined;
}

/**
 * A clock is *eligible* once it is settled: the event happened, or its deadline passed by
 * `asOf`. It was kept when the event came no later than the deadline and the deadline task
 * did not flag it (a missed acknowledgement escalates and gets a fresh deadline at the next
 * unit, so an escalated case counts as late even if the next unit was quick).
 */
function clock(receivedAt: Date, due: Date | null | undefined, at: Date | undefined, missed: boolean, asOf: Date): Clock {
  const days = at ? Math.max(0, daysBetween(receivedAt, at)) : undefined;
  if (!due) return { eligible: false, onTime: false, days };
  const dueAt = new Date(due);
  const eligible = Boolean(at) || dueAt.getTime() <= asOf.getTime();
  return { eligible, onTime: Boolean(at) && at!.getTime() <= dueAt.getTime() && !missed, days };
}

/**
 * What the statistics know of one case. Acknowledged = the first status change after
 * 'received'; answered = closed with an outcome (the answer deadline runs until closure, as
 * the deadline task treats it).
 */
export function caseFacts(c: CaseMetadata, asOf: Date, utcOffsetMinutes: number): CaseFacts {
  const receivedAt = new Date(c.receivedAt);
  const status = c.status ?? 'received';
  const state = status === 'closed' ? (c.outcome ?? 'closed') : status;
  const unitId = c.unitId ?? '';
  const overdue = c.overdue ?? [];
  const ackAt = firstStatusAt(c, (s) => s !== 'received');
  const closedAt = firstStatusAt(c, (s) => s === 'closed');
  return {
    month: monthOf(receivedAt, utcOffsetMinutes),
    category: c.routing?.category ?? 'unknown',
    region: c.routing?.region ?? 'unknown',
    sector: c.routing?.sector ?? 'none',
    unitKind: unitId ? unitId.split('@')[0] : 'unrouted',
    unitId,
    state,
    acknowledge: clock(receivedAt, c.deadlines?.acknowledgeBy, ackAt, overdue.includes('acknowledge') || (c.escalationLevel ?? 0) > 0, asOf),
    // Against the ORIGINAL deadline: an extension (lawful or not) never turns a late answer into a timely one.
    answer: clock(receivedAt, c.deadlines?.originalAnswerBy ?? c.deadlines?.answerBy, closedAt, overdue.includes('answer'), asOf),
    extended: (c.extensions?.length ?? 0) > 0,
    // Every clock of the policy the deadline worker flagged (a limit missed, an investigation alert reached).
    flagged: overdue.filter((d) => (TRACKED_DEADLINES as readonly string[]).includes(d)),
  };
}

/** Running totals of one clock. */
export type ClockTally = { eligible: number; onTime: number; days: number[] };
const emptyClock = (): ClockTally => ({ eligible: 0, onTime: 0, days: [] });

export type MonthTally = {
  total: number;
  dims: Record<Dimension, Map<string, number>>;
  /** category|region → count, for the supervisors' risk view. */
  risk: Map<string, number>;
  acknowledge: ClockTally;
  answer: ClockTally;
  /** Cases whose answer deadline was extended (reported beside the answer figures). */
  extended: number;
  /** Cases per deadline flagged by the deadline worker (missed, or an alert reached). */
  flagged: Map<string, number>;
  units: Map<string, { acknowledge: ClockTally; answer: ClockTally }>;
};

function emptyMonth(): MonthTally {
  return {
    total: 0,
    dims: { category: new Map(), region: new Map(), unitKind: new Map(), state: new Map(), sector: new Map() },
    risk: new Map(),
    acknowledge: emptyClock(),
    answer: emptyClock(),
    extended: 0,
    flagged: new Map(),
    units: new Map(),
  };
}

function addClock(t: ClockTally, c: Clock) {
  if (c.eligible) t.eligible++;
  if (c.eligible && c.onTime) t.onTime++;
  if (c.days !== undefined) t.days.push(c.days);
}

const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

/** Counts per month, fed one case at a time (memory: per cell, not per case, except the day lists). */
export class Tally {
  readonly months = new Map<string, MonthTally>();

  add(f: CaseFacts) {
    let m = this.months.get(f.month);
    if (!m) this.months.set(f.month, (m = emptyMonth()));
    m.total++;
    for (const d of DIMENSIONS) bump(m.dims[d], f[d]);
    bump(m.risk, `${f.category}|${f.region}`);
    addClock(m.acknowledge, f.acknowledge);
    addClock(m.answer, f.answer);
    if (f.extended) m.extended++;
    for (const d of f.flagged ?? []) bump(m.flagged, d);
    if (f.unitId) {
      let u = m.units.get(f.unitId);
      if (!u) m.units.set(f.unitId, (u = { acknowledge: emptyClock(), answer: emptyClock() }));
      addClock(u.acknowledge, f.acknowledge);
      addClock(u.answer, f.answer);
    }
  }

  month(month: string): MonthTally {
    return this.months.get(month) ?? emptyMonth();
  }

  /** Every value seen for a dimension, for values the current policy no longer lists. */
  seen(d: Dimension): Set<string> {
    const out = new Set<string>();
    for (const m of this.months.values()) for (const v of m.dims[d].keys()) out.add(v);
    return out;
  }
}
