/** No cliff: the 90/30/7-day warnings and the generated fixed holidays (issue 14 item 6), on given dates. */
import { expiryStatus } from '../../../core/policy';
import { calendarCoveredUntil } from '../../../core/routing';
import { kzFixedHolidays } from '../../../keys/calendarYear';
import { kzPolicy } from './kzPolicy';

const policy = kzPolicy();
const at = (iso: string) => new Date(iso);

describe('expiry warnings of the newest policy and its calendar', () => {
  it('the default policy and its calendar both end at the start of 2028 (Kazakhstan time)', () => {
    expect(calendarCoveredUntil(policy.calendar)?.toISOString()).toBe('2027-12-31T19:00:00.000Z');
    expect(new Date(policy.validUntil).toISOString()).toBe('2027-12-31T19:00:00.000Z');
  });

  it.each([
    ['2027-09-01T00:00:00Z', []],
    ['2027-10-03T00:00:00Z', [90]],
    ['2027-12-01T19:00:00Z', [30]],
    ['2027-12-25T00:00:00Z', [7]],
  ])('on %s the warning step is %j', (now, steps) => {
    const s = expiryStatus([policy], at(now));
    expect(s.expired).toBe(false);
    expect(s.warnings.map((w) => w.threshold)).toEqual(steps.length ? [steps[0], steps[0]] : []);
    expect(s.warnings.map((w) => w.what).sort()).toEqual(steps.length ? ['calendar', 'policy'] : []);
  });

  it('warns for the calendar alone when the policy runs longer than its years', () => {
    const longer = { ...policy, version: policy.version + 1, validUntil: '2029-01-01T00:00:00+05:00' };
    const s = expiryStatus([policy, longer], at('2027-12-20T00:00:00Z'));
    expect(s.warnings).toEqual([expect.objectContaining({ what: 'calendar', threshold: 30, daysLeft: 11 })]);
  });

  it('a successor with the next year signed silences both', () => {
    const next = { ...policy, version: policy.version + 1, validFrom: '2027-12-01T00:00:00+05:00', validUntil: '2029-01-01T00:00:00+05:00', calendar: { ...policy.calendar, years: [2026, 2027, 2028] } };
    expect(expiryStatus([policy, next], at('2027-12-20T00:00:00Z')).warnings).toEqual([]);
  });

  it('after the end: expired, no countdown left', () => {
    const s = expiryStatus([policy], at('2028-01-02T00:00:00Z'));
    expect(s).toEqual({ expired: true, warnings: [] });
  });
});

describe('fixed holidays generated for a year (keys calendar-extend)', () => {
  // The hand-entered 2026 and 2027 lists of the default policy, less Kurban Ait (a moving holiday the custodian enters).
  const listed = (year: number) => policy.calendar.holidays.filter((d) => d.startsWith(`${year}-`) && d !== '2026-05-27');

  it.each([2026, 2027])('reproduces the default policy\'s %i list, weekend moves included', (year) => {
    expect(kzFixedHolidays(year)).toEqual(listed(year));
  });

  it('moves a weekend holiday to the next working day that is not already a day off, but never Orthodox Christmas', () => {
    // 2028: 1 Jan Saturday, 2 Jan Sunday -> Monday 3, Tuesday 4; 7 Jan is a Friday.
    const y2028 = kzFixedHolidays(2028);
    expect(y2028.slice(0, 3)).toEqual(['2028-01-03', '2028-01-04', '2028-01-07']);
    // 2029: 7 Jan is a Sunday: no day off moves.
    expect(kzFixedHolidays(2029).filter((d) => d.startsWith('2029-01-0'))).toEqual(['2029-01-01', '2029-01-02']);
    expect(() => kzFixedHolidays(1999)).toThrow(RangeError);
  });
});
