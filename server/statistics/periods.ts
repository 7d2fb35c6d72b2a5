/**
 * Periods of publication. Months are calendar months in the deployment's local time (the
 * policy calendar's fixed UTC offset), so "2025-03" means March in Kazakhstan, not in UTC.
 * No statistic is ever finer than a month.
 */
const DAY_MS = 86_400_000;

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
export const YEAR_RE = /^\d{4}$/;

/** "YYYY-MM" of an instant in local time. */
export function monthOf(at: Date, utcOffsetMinutes: number): string {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 7);
}

/** The first instant (UTC) of a local month. */
export function monthStart(month: string, utcOffsetMinutes: number): Date {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1) - utcOffsetMinutes * 60_000);
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Every month from `first` to `last` inclusive. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = first; m <= last; m = nextMonth(m)) out.push(m);
  return out;
}

export function quarterOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}-Q${Math.ceil(m / 3)}`;
}

export function monthsOfQuarter(quarter: string): string[] {
  const [y, q] = quarter.split('-Q').map(Number);
  return [1, 2, 3].map((i) => `${y}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
}

export function monthsOfYear(year: string): string[] {
  return monthRange(`${year}-01`, `${year}-12`);
}

/**
 * The last month that may be published at `asOf`: a month appears only once its last case is
 * older than the publication delay, i.e. when end-of-month + delay has passed. Publishing
 * whole months at once (never a month growing day by day) keeps successive publications from
 * telling, by difference, on which day a report came in.
 */
export function lastPublishableMonth(asOf: Date, delayDays: number, utcOffsetMinutes: number): string {
  // The month containing (asOf - delay) is not over yet for that purpose; the one before it is.
  const shifted = new Date(asOf.getTime() - delayDays * DAY_MS);
  const current = monthOf(shifted, utcOffsetMinutes);
  const [y, m] = current.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export const daysBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY_MS;
