import fs from 'node:fs';
import { parsePolicySource, type PolicySource } from '../../core/policy';
import { dayNumberOfIsoDate, isoWeekday } from '../../core/routing/calendar';
import { CliError, prettyJson, readJsonFile, stringOption, writeFileAtomic, type Command, type OptionValues } from '../cliSupport';
import { kzFixedHolidays } from '../calendarYear';
import { sign } from './sign';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A comma-separated list of ISO dates of `year` ("none" for an empty list). */
function datesOption(values: OptionValues, name: string, year: number, required: boolean): string[] {
  const raw = values[name];
  if (raw === undefined || raw === '') {
    if (required) throw new CliError(`--${name} is required (a comma-separated list of dates, or "none")`, 2);
    return [];
  }
  if (raw === 'none') return [];
  const dates = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
  for (const d of dates) {
    if (!ISO_DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d) throw new CliError(`--${name}: ${d} is not a date (YYYY-MM-DD)`, 2);
    if (!d.startsWith(`${year}-`)) throw new CliError(`--${name}: ${d} is not in ${year}`, 2);
  }
  return dates;
}

/**
 * Adds a year to the policy's holiday calendar: the fixed holidays generated with their weekend
 * moves (keys/calendarYear.ts), the moving holidays and the decree transfers the custodian
 * enters (each checked), the year recorded in `calendar.years`, the validity extended to the end
 * of that year, the version raised by one; then writes the source and, given a key directory,
 * signs it (the same checks as `sign`).
 */
export const calendarExtend: Command = {
  name: 'calendar-extend',
  summary: 'add a year to the holiday calendar (fixed holidays generated, moving ones entered), then sign',
  usage:
    'calendar-extend --in policy.source.json --out new.source.json --year YYYY --moving-holidays DATES|none [--days-off DATES] [--working-days DATES] [--valid-until ISO] [--dir DIR --signed-out policy.signed.json]',
  details: `Generates the fixed public holidays of Kazakhstan for --year (1-2 Jan, 7 Jan, 8 Mar,
21-23 Mar, 1, 7, 9 May, 6 Jul, 30 Aug, 25 Oct, 16 Dec; one on a weekend gives a day off on the
next working day, except 7 Jan) and adds the dates you enter:
  --moving-holidays  Kurban Ait (first day) as announced that year, comma-separated; "none" if none
  --days-off         weekdays made days off by a government transfer decree
  --working-days     weekend days made working days by that decree
Records the year in calendar.years, sets validUntil to the end of the year (or --valid-until),
raises the version by one, and writes --out. With --dir and --signed-out, signs it with the root
key at once. A year already in the calendar is refused.`,
  options: {
    in: { type: 'string' },
    out: { type: 'string' },
    year: { type: 'string' },
    'moving-holidays': { type: 'string' },
    'days-off': { type: 'string' },
    'working-days': { type: 'string' },
    'valid-until': { type: 'string' },
    dir: { type: 'string' },
    'signed-out': { type: 'string' },
  },
  required: ['in', 'out', 'year'],
  async run(values) {
    const input = stringOption(values, 'in');
    const out = stringOption(values, 'out');
    const year = Number(stringOption(values, 'year'));
    if (!Number.isInteger(year) || year < 2000 || year > 2200) throw new CliError('--year must be a year such as 2028', 2);
    const source = readJsonFile(input, 'policy source') as PolicySource;
    const policy = parsePolicySource(source); // a broken source is reported before anything is added
    const cal = policy.calendar;
    const covered = cal.years ?? [...new Set(cal.holidays.map((d) => Number(d.slice(0, 4))))];
    if (covered.includes(year)) throw new CliError(`the calendar already covers ${year}`);
    const weekend = new Set(cal.weekendDays);
    const moving = datesOption(values, 'moving-holidays', year, true);
    const daysOff = datesOption(values, 'days-off', year, false);
    const working = datesOption(values, 'working-days', year, false);
    for (const d of daysOff) if (weekend.has(isoWeekday(dayNumberOfIsoDate(d)))) throw new CliError(`--days-off: ${d} is already a weekend day`, 2);
    for (const d of working) if (!weekend.has(isoWeekday(dayNumberOfIsoDate(d)))) throw new CliError(`--working-days: ${d} is not a weekend day`, 2);
    const holidays = [...new Set([...cal.holidays, ...kzFixedHolidays(year, cal.weekendDays), ...moving, ...daysOff])].sort();
    for (const d of working) if (holidays.includes(d)) throw new CliError(`--working-days: ${d} is a holiday`, 2);
    const endOfYear = new Date(Date.UTC(year + 1, 0, 1) - cal.utcOffsetMinutes * 60_000);
    const validUntil = typeof values['valid-until'] === 'string' ? values['valid-until'] : endOfYear.toISOString();
    if (Number.isNaN(Date.parse(validUntil))) throw new CliError('--valid-until must be an ISO date-time', 2);
    const next: PolicySource = {
      ...source,
      version: source.version + 1,
      validUntil: Date.parse(validUntil) > Date.parse(source.validUntil) ? validUntil : source.validUntil,
      calendar: {
        ...source.calendar,
        holidays,
        extraWorkingDays: [...new Set([...(source.calendar.extraWorkingDays ?? []), ...working])].sort(),
        years: [...new Set([...covered, year])].sort((a, b) => a - b),
      },
    };
    parsePolicySource(next);
    writeFileAtomic(out, prettyJson(next), fs.existsSync(out) ? fs.statSync(out).mode & 0o777 : 0o644);
    console.log(`Calendar ${year} added (${holidays.length - cal.holidays.length} days off, ${working.length} working weekend days); version ${next.version}, valid until ${next.validUntil} → ${out}`);
    const dir = values.dir;
    const signedOut = values['signed-out'];
    if (typeof dir === 'string' && typeof signedOut === 'string') await sign.run({ dir, in: out, out: signedOut });
    else if (dir || signedOut) throw new CliError('--dir and --signed-out go together', 2);
  },
};
