/**
 * Working-day arithmetic on the policy calendar. Days are local calendar days at the policy's
 * fixed UTC offset (Kazakhstan: +05:00 everywhere since 1 March 2024, no daylight saving), so
 * Node and every browser compute the same instants whatever tz database they ship. A deadline
 * "within N days" ends at the last millisecond of its local day.
 */
import type { Calendar } from '../policy/schema';

const DAY_MS = 86_400_000;
/** Stops a calendar without working days (a policy error) from looping forever. */
const MAX_SCAN_DAYS = 3_700;

interface CalendarIndex {
  offsetMs: number;
  weekend: ReadonlySet<number>;
  holidays: ReadonlySet<number>;
  extraWorking: ReadonlySet<number>;
}

const indexes = new WeakMap<Calendar, CalendarIndex>();

function indexOf(cal: Calendar): CalendarIndex {
  let ix = indexes.get(cal);
  if (!ix) {
    ix = {
      offsetMs: cal.utcOffsetMinutes * 60_000,
      weekend: new Set(cal.weekendDays),
      holidays: new Set(cal.holidays.map(dayNumberOfIsoDate)),
      extraWorking: new Set((cal.extraWorkingDays ?? []).map(dayNumberOfIsoDate)),
    };
    indexes.set(cal, ix);
  }
  return ix;
}

/** Days since 1970-01-01 of an ISO date (YYYY-MM-DD). */
export function dayNumberOfIsoDate(isoDate: string): number {
  const t = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(t)) throw new RangeError(`not an ISO date: ${isoDate}`);
  return Math.floor(t / DAY_MS);
}

/** The ISO date (YYYY-MM-DD) of a day number. */
export function isoDateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function checkDate(d: Date): number {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid date');
  return t;
}

/** The local calendar day (days since 1970-01-01) that contains the instant. */
export function localDayNumber(cal: Calendar, at: Date): number {
  return Math.floor((checkDate(at) + indexOf(cal).offsetMs) / DAY_MS);
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localIsoDate(cal: Calendar, at: Date): string {
  return isoDateOfDayNumber(localDayNumber(cal, at));
}

/** First millisecond of a local day. */
export function startOfLocalDay(cal: Calendar, day: number): Date {
  return new Date(day * DAY_MS - indexOf(cal).offsetMs);
}

/** Last millisecond of a local day: the instant a deadline falling on that day expires. */
export function endOfLocalDay(cal: Calendar, day: number): Date {
  return new Date((day + 1) * DAY_MS - indexOf(cal).offsetMs - 1);
}

/** ISO weekday of a day number: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** True if the local day is neither a weekend day (unless made working by decree) nor a holiday. */
export function isWorkingDay(cal: Calendar, day: number | Date): boolean {
  const ix = indexOf(cal);
  const d = typeof day === 'number' ? day : localDayNumber(cal, day);
  if (ix.holidays.has(d)) return false;
  return ix.extraWorking.has(d) || !ix.weekend.has(isoWeekday(d));
}

function requireCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`day count must be a non-negative integer, got ${n}`);
}

/** The day number of the n-th working day after `day` (n = 0: `day` itself if working, else the next working day). */
export function nthWorkingDayAfter(cal: Calendar, day: number, n: number): number {
  requireCount(n);
  let d = day;
  let left = n;
  if (n === 0) left = isWorkingDay(cal, d) ? 0 : 1;
  for (let scanned = 0; left > 0; scanned++) {
    if (scanned > MAX_SCAN_DAYS) throw new RangeError('the calendar has no working days');
    d += 1;
    if (isWorkingDay(cal, d)) left -= 1;
  }
  return d;
}

/** The day number of the n-th working day before `day` (n ≥ 1). */
export function nthWorkingDayBefore(cal: Calendar, day: number, n: number): number {
  requireCount(n);
  let d = day;
  for (let left = n, scanned = 0; left > 0; scanned++) {
    if (scanned > MAX_SCAN_DAYS) throw new RangeError('the calendar has no working days');
    d -= 1;
    if (isWorkingDay(cal, d)) left -= 1;
  }
  return d;
}

/**
 * End of the n-th working day after the local day of `from`. The day of receipt never counts,
 * so a report received on Friday evening or on a Saturday, with n = 2, is due at the end of
 * Tuesday (weekend and holidays skipped). n = 0 gives the end of that day, or of the next
 * working day if it is not one.
 */
export function addWorkingDays(cal: Calendar, from: Date, n: number): Date {
  return endOfLocalDay(cal, nthWorkingDayAfter(cal, localDayNumber(cal, from), n));
}

/** End of the local day n calendar days after the day of `from`. */
export function addCalendarDays(cal: Calendar, from: Date, n: number): Date {
  requireCount(n);
  return endOfLocalDay(cal, localDayNumber(cal, from) + n);
}

/** End of the local day n months after the day of `from` (31 Jan + 1 month = end of 28/29 Feb). */
export function addCalendarMonths(cal: Calendar, from: Date, n: number): Date {
  requireCount(n);
  const local = new Date(localDayNumber(cal, from) * DAY_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + n;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const target = Date.UTC(y, m, Math.min(local.getUTCDate(), lastDay));
  return endOfLocalDay(cal, Math.floor(target / DAY_MS));
}

/** Working days after the local day of `from` up to and including the local day of `to` (0 if `to` is not later). */
export function countWorkingDays(cal: Calendar, from: Date, to: Date): number {
  const a = localDayNumber(cal, from);
  const b = localDayNumber(cal, to);
  if (b - a > MAX_SCAN_DAYS * 10) throw new RangeError('range too long');
  let count = 0;
  for (let d = a + 1; d <= b; d++) if (isWorkingDay(cal, d)) count++;
  return count;
}

/**
 * The years whose holidays were entered (the calendar's `years`, else the years of its
 * holidays). Outside them the arithmetic above still runs, on weekends only: nothing stops,
 * but such a deadline is not verified against the real holidays.
 */
export function calendarYears(cal: Calendar): number[] {
  const years = cal.years ?? [...new Set(cal.holidays.map((d) => Number(d.slice(0, 4))))];
  return [...years].sort((a, b) => a - b);
}

/** True if the local day of `at` falls in a year the calendar covers. */
export function calendarCovers(cal: Calendar, at: Date): boolean {
  return calendarYears(cal).includes(Number(localIsoDate(cal, at).slice(0, 4)));
}

/**
 * The instant the calendar stops covering: the start of the first local day after the last
 * covered year, provided the years run without a gap up to it (undefined if none covered).
 */
export function calendarCoveredUntil(cal: Calendar): Date | undefined {
  const years = calendarYears(cal);
  if (!years.length) return undefined;
  return startOfLocalDay(cal, dayNumberOfIsoDate(`${years[years.length - 1] + 1}-01-01`));
}
