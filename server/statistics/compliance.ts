/**
 * Deadline figures: the share of cases acknowledged and answered within the legal deadlines,
 * and the median days to do so. They describe how the handling bodies work, not who reported,
 * but they are held to the same threshold: a share needs at least k settled cases, a median
 * at least k durations, and nothing is shown for a month whose total is suppressed.
 * Multi-month figures cover only the months whose own figures were published, so a suppressed
 * month's figure can never be obtained by subtracting the published months from the year.
 */
import type { ClockTally, MonthTally } from './aggregate';
import { TRACKED_DEADLINES } from '../../core/lifecycle';

export type ClockFigures = { eligible: number | null; withinDeadline: number | null; sharePct: number | null; medianDays: number | null };
/**
 * `extended`: cases of the period whose answer deadline was extended, reported apart from the
 * answer figures (which count against the original deadline); null when 1 to k-1 (a small cell).
 */
export type ComplianceFigures = { acknowledge: ClockFigures; answer: ClockFigures; extended: number | null; flagged?: Record<string, number | null> };

/**
 * Cases per deadline of the policy that the deadline worker flagged (every one of the nine
 * clocks: a limit missed, an investigation alert reached), each a small cell like `extended`.
 */
function flaggedFigures(counts: (name: string) => number, k: number): Record<string, number | null> {
  return Object.fromEntries(TRACKED_DEADLINES.map((d) => [d, extendedFigure(counts(d), k)]));
}

/** The extension count shown, or null for a small cell. */
export function extendedFigure(n: number, k: number): number | null {
  return n === 0 || n >= k ? n : null;
}
export const NO_FIGURES: ClockFigures = { eligible: null, withinDeadline: null, sharePct: null, medianDays: null };

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Figures of one clock, or nulls below the threshold. */
export function clockFigures(t: ClockTally, k: number, withCounts = true): ClockFigures {
  const enough = t.eligible >= k;
  return {
    eligible: enough && withCounts ? t.eligible : null,
    withinDeadline: enough && withCounts ? t.onTime : null,
    sharePct: enough ? round1((100 * t.onTime) / t.eligible) : null,
    medianDays: t.days.length >= k ? round1(median(t.days)) : null,
  };
}

function merge(parts: ClockTally[]): ClockTally {
  return { eligible: parts.reduce((s, p) => s + p.eligible, 0), onTime: parts.reduce((s, p) => s + p.onTime, 0), days: parts.flatMap((p) => p.days) };
}

type Clocks = { acknowledge: ClockTally; answer: ClockTally };

/** Per month (public): nothing for a month whose total is hidden. */
export function monthCompliance(t: MonthTally, monthHidden: boolean, k: number): ComplianceFigures {
  if (monthHidden) return { acknowledge: NO_FIGURES, answer: NO_FIGURES, extended: null, flagged: Object.fromEntries(TRACKED_DEADLINES.map((d) => [d, null])) };
  return { acknowledge: clockFigures(t.acknowledge, k), answer: clockFigures(t.answer, k), extended: extendedFigure(t.extended, k), flagged: flaggedFigures((d) => t.flagged?.get(d) ?? 0, k) };
}

/**
 * Over several months: each clock sums only the months whose figures for that clock were
 * published. Returns the figures and which months they cover.
 */
export function periodCompliance(months: { month: string; tally: Clocks & { extended?: number; flagged?: Map<string, number> }; published: ComplianceFigures }[], k: number) {
  const out = {} as ComplianceFigures;
  const covered = {} as Record<'acknowledge' | 'answer', string[]>;
  for (const clock of ['acknowledge', 'answer'] as const) {
    const used = months.filter((m) => m.published[clock].eligible !== null);
    covered[clock] = used.map((m) => m.month);
    out[clock] = clockFigures(merge(used.map((m) => m.tally[clock])), k);
  }
  // Like the clocks: only months whose own extension count was published add up.
  out.flagged = flaggedFigures((d) => months.filter((m) => m.published.flagged?.[d] !== null && m.published.flagged?.[d] !== undefined).reduce((s, m) => s + (m.tally.flagged?.get(d) ?? 0), 0), k);
  out.extended = extendedFigure(months.filter((m) => m.published.extended !== null).reduce((s, m) => s + (m.tally.extended ?? 0), 0), k);
  return { figures: out, covered };
}

/**
 * Per unit over a period (supervisors only): shares and medians from at least k cases, without
 * the counts, so the per-unit figures cannot be added up against the published tables.
 */
export function unitCompliance(months: MonthTally[], k: number) {
  const byUnit = new Map<string, Clocks[]>();
  for (const m of months) {
    for (const [unitId, clocks] of m.units) {
      let l = byUnit.get(unitId);
      if (!l) byUnit.set(unitId, (l = []));
      l.push(clocks);
    }
  }
  return [...byUnit.keys()].sort().map((unitId) => {
    const parts = byUnit.get(unitId)!;
    return {
      unitId,
      acknowledge: clockFigures(merge(parts.map((p) => p.acknowledge)), k, false),
      answer: clockFigures(merge(parts.map((p) => p.answer)), k, false),
    };
  });
}
