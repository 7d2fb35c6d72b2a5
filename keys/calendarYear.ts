/**
 * The fixed public holidays of Kazakhstan for a year (Labour Code Art. 84; Law on Holidays),
 * with the statutory move: a holiday falling on a weekend gives a day off on the next working
 * day, except religious holidays (Orthodox Christmas 7 January; Kurban Ait, which moves with the
 * lunar calendar and is entered by the custodian). Government decrees that transfer further days
 * off (bridge days) are published each year and entered by the custodian too (calendar-extend).
 */
import { dayNumberOfIsoDate, isoDateOfDayNumber, isoWeekday } from '../core/routing/calendar';

/** Month-day of each fixed holiday; `religious` ones are never moved off a weekend. */
export const KZ_FIXED_HOLIDAYS: readonly { md: string; name: string; religious?: boolean }[] = [
  { md: '01-01', name: 'New Year' },
  { md: '01-02', name: 'New Year' },
  { md: '01-07', name: 'Orthodox Christmas', religious: true },
  { md: '03-08', name: "International Women's Day" },
  { md: '03-21', name: 'Nauryz' },
  { md: '03-22', name: 'Nauryz' },
  { md: '03-23', name: 'Nauryz' },
  { md: '05-01', name: 'Unity Day' },
  { md: '05-07', name: "Defender of the Fatherland Day" },
  { md: '05-09', name: 'Victory Day' },
  { md: '07-06', name: 'Capital Day' },
  { md: '08-30', name: 'Constitution Day' },
  { md: '10-25', name: 'Republic Day' },
  { md: '12-16', name: 'Independence Day' },
];

/**
 * The days off (ISO dates) the fixed holidays give in `year`, on a calendar whose weekend days
 * are `weekendDays` (ISO weekday numbers): each fixed holiday on a weekday, plus, for each
 * non-religious one on a weekend, the next weekday that is not already a day off.
 */
export function kzFixedHolidays(year: number, weekendDays: readonly number[] = [6, 7]): string[] {
  if (!Number.isInteger(year) || year < 2000 || year > 2200) throw new RangeError(`not a supported year: ${year}`);
  const weekend = new Set(weekendDays);
  const days = KZ_FIXED_HOLIDAYS.map((h) => ({ ...h, day: dayNumberOfIsoDate(`${year}-${h.md}`) }));
  const off = new Set(days.filter((h) => !weekend.has(isoWeekday(h.day))).map((h) => h.day));
  for (const h of days) {
    if (!weekend.has(isoWeekday(h.day)) || h.religious) continue;
    let d = h.day + 1;
    while (weekend.has(isoWeekday(d)) || off.has(d)) d++;
    off.add(d);
  }
  return [...off].sort((a, b) => a - b).map(isoDateOfDayNumber);
}
