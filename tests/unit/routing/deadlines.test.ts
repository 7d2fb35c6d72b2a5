/**
 * Working-day arithmetic on the default Kazakhstan calendar (UTC+5, Saturday/Sunday off, the
 * 2026–2027 holiday list) and the deadlines computed from it.
 */
import fc from 'fast-check';
import {
  addCalendarDays,
  addCalendarMonths,
  addWorkingDays,
  countWorkingDays,
  isWorkingDay,
  localIsoDate,
} from '../../../core/routing/calendar';
import { computeDeadlines, reminderTimes } from '../../../core/routing/deadlines';
import type { Calendar } from '../../../core/policy/schema';
import { kzPolicy } from '../policy/kzPolicy';

const policy = kzPolicy();
const cal = policy.calendar;
/** An instant given in Almaty local time. */
const local = (dateTime: string) => new Date(`${dateTime}+05:00`);
/** The last millisecond of a local day in Almaty. */
const endOf = (date: string) => new Date(`${date}T23:59:59.999+05:00`);

describe('the calendar', () => {
  it.each<[string, boolean]>([
    ['2026-11-30', true], // Monday
    ['2026-12-05', false], // Saturday
    ['2026-12-06', false], // Sunday
    ['2026-12-16', false], // Independence Day
    ['2026-03-24', false], // Nauryz day off moved from Saturday
    ['2027-01-04', false], // 2 January 2027 was a Saturday
    ['2027-01-05', true],
  ])('%s is a working day: %s', (date, working) => {
    expect(isWorkingDay(cal, local(`${date}T12:00:00`))).toBe(working);
  });

  it('takes the local day at UTC+5, not the UTC day', () => {
    expect(localIsoDate(cal, new Date('2026-12-14T18:59:59.999Z'))).toBe('2026-12-14');
    expect(localIsoDate(cal, new Date('2026-12-14T19:00:00.000Z'))).toBe('2026-12-15');
  });

  it('honours extra working days made by decree', () => {
    const decree: Calendar = { ...cal, extraWorkingDays: ['2026-12-05'] };
    expect(isWorkingDay(decree, local('2026-12-05T12:00:00'))).toBe(true);
    expect(addWorkingDays(decree, local('2026-12-04T10:00:00'), 1)).toEqual(endOf('2026-12-05'));
  });
});

describe('addWorkingDays', () => {
  it.each<[string, string, number, string]>([
    ['Monday + 2', '2026-11-30T10:00:00', 2, '2026-12-02'],
    ['Friday + 2 skips the weekend', '2026-12-04T15:00:00', 2, '2026-12-08'],
    ['Saturday + 1: the weekend day does not count', '2026-12-05T11:00:00', 1, '2026-12-07'],
    ['Sunday late evening + 2', '2026-12-06T23:30:00', 2, '2026-12-08'],
    ['Tuesday + 2 skips Independence Day', '2026-12-15T09:00:00', 2, '2026-12-18'],
    ['Monday 23:30 local (18:30 UTC) + 1', '2026-12-14T23:30:00', 1, '2026-12-15'],
    ['Tuesday 00:30 local (still Monday 19:30 UTC) + 1', '2026-12-15T00:30:00', 1, '2026-12-17'],
    ['over New Year and the moved 2 January', '2026-12-31T16:00:00', 1, '2027-01-05'],
    ['over Nauryz 2027', '2027-03-19T10:00:00', 3, '2027-03-29'],
    ['15 working days (APPC answer)', '2026-11-30T10:00:00', 15, '2026-12-22'],
    ['0 on a working day is the same day', '2026-11-30T10:00:00', 0, '2026-11-30'],
    ['0 on a Saturday is the next working day', '2026-12-05T10:00:00', 0, '2026-12-07'],
  ])('%s', (_name, from, n, due) => {
    expect(addWorkingDays(cal, local(from), n)).toEqual(endOf(due));
  });

  it('rejects a negative or fractional count and an invalid date', () => {
    expect(() => addWorkingDays(cal, local('2026-11-30T10:00:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, local('2026-11-30T10:00:00'), 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, new Date('nonsense'), 1)).toThrow(RangeError);
  });

  it('is the inverse of countWorkingDays, and always lands at the end of a working day', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const span = Date.parse('2027-11-01T00:00:00Z') - start;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: 40 }), (offset, n) => {
        const from = new Date(start + offset);
        const due = addWorkingDays(cal, from, n);
        expect(isWorkingDay(cal, due)).toBe(true);
        expect(localIsoDate(cal, new Date(due.getTime() + 1))).not.toBe(localIsoDate(cal, due));
        if (n > 0) expect(countWorkingDays(cal, from, due)).toBe(n);
        expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('counts 15 working days in December 2026 up to the 22nd', () => {
    expect(countWorkingDays(cal, local('2026-11-30T10:00:00'), local('2026-12-22T08:00:00'))).toBe(15);
    expect(countWorkingDays(cal, local('2026-12-22T08:00:00'), local('2026-11-30T10:00:00'))).toBe(0);
  });
});

describe('calendar days and months', () => {
  it.each<[string, string, number, string]>([
    ['60 days', '2026-11-30T10:00:00', 60, '2027-01-29'],
    ['80 days', '2026-11-30T10:00:00', 80, '2027-02-18'],
    ['1 day across local midnight', '2026-12-14T23:30:00', 1, '2026-12-15'],
  ])('addCalendarDays %s', (_name, from, n, due) => {
    expect(addCalendarDays(cal, local(from), n)).toEqual(endOf(due));
  });

  it.each<[string, number, string]>([
    ['2026-12-15T10:00:00', 3, '2027-03-15'],
    ['2026-11-30T10:00:00', 3, '2027-02-28'],
    ['2027-01-31T10:00:00', 1, '2027-02-28'],
    ['2027-10-31T10:00:00', 4, '2028-02-29'],
    ['2026-12-31T23:00:00', 12, '2027-12-31'],
  ])('addCalendarMonths %s + %d', (from, n, due) => {
    expect(addCalendarMonths(cal, local(from), n)).toEqual(endOf(due));
  });
});

describe('computeDeadlines with the default policy', () => {
  const receivedAt = local('2026-11-30T10:00:00');

  it('counts every deadline of the policy from receipt', () => {
    const d = computeDeadlines(policy, receivedAt);
    expect({ ...d, reminders: undefined }).toEqual({
      acknowledgeBy: endOf('2026-12-02'),
      triageDecisionBy: endOf('2026-12-03'),
      answerBy: endOf('2026-12-22'),
      feedbackBy: endOf('2027-02-28'),
      investigationAlertAt: endOf('2027-01-29'),
      investigationEscalationAt: endOf('2027-02-18'),
      criminalReferralBy: endOf('2026-12-01'),
      competenceDeclineBy: endOf('2026-12-03'),
      extensionNoticeBy: endOf('2026-12-03'),
      reminders: undefined,
      unverified: false,
    });
  });

  it('past the calendar\'s years the clocks keep running on weekends only, flagged unverified', () => {
    // Friday 29 Dec 2028 is outside 2026-2027: 1 Jan 2029 (a holiday in every year) counts as a working day.
    const late = computeDeadlines(policy, local('2028-12-29T10:00:00'));
    expect(late.unverified).toBe(true);
    expect(late.acknowledgeBy).toEqual(endOf('2029-01-02'));
    // A receipt in covered days whose answer falls in 2028 is flagged too; one inside 2026 is not.
    expect(computeDeadlines(policy, local('2027-12-20T10:00:00')).unverified).toBe(true);
    expect(computeDeadlines(policy, local('2026-12-01T10:00:00')).unverified).toBe(false);
  });

  it('counts later-event deadlines from their events when given', () => {
    const d = computeDeadlines(policy, receivedAt, {
      acknowledged: local('2026-12-01T09:00:00'),
      criminal_signs_found: local('2026-12-15T10:00:00'),
      assigned: local('2026-12-04T17:00:00'),
    });
    expect(d.feedbackBy).toEqual(endOf('2027-03-01'));
    expect(d.criminalReferralBy).toEqual(endOf('2026-12-17')); // 16 December is a holiday
    expect(d.competenceDeclineBy).toEqual(endOf('2026-12-09'));
    expect(d.acknowledgeBy).toEqual(endOf('2026-12-02')); // counted from receipt whatever the anchors
  });

  it('lists reminders, earliest first, each when the stated time remains', () => {
    const { reminders } = computeDeadlines(policy, receivedAt);
    const at = (deadline: string) => reminders.filter((r) => r.deadline === deadline).map((r) => r.at);
    expect(at('acknowledge')).toEqual([endOf('2026-12-01')]);
    expect(at('triageDecision')).toEqual([endOf('2026-12-02')]);
    expect(at('answer')).toEqual([endOf('2026-12-14'), endOf('2026-12-21')]);
    expect(at('feedback')).toEqual([endOf('2027-02-14'), endOf('2027-02-24')]);
    expect(at('criminalReferral')).toEqual([local('2026-12-01T19:59:59.999')]);
    expect(at('investigationAlert')).toEqual([]);
    const times = reminders.map((r) => r.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((t) => t > receivedAt.getTime())).toBe(true);
  });

  it('drops reminders that would fall before the anchor', () => {
    const spec = { amount: 1, unit: 'working_days' as const, from: 'received' as const, reminders: [{ before: 2, unit: 'working_days' as const }, { before: 1, unit: 'hours' as const }] };
    const from = local('2026-11-30T10:00:00');
    expect(reminderTimes(cal, spec, endOf('2026-12-01'), from)).toEqual([local('2026-12-01T22:59:59.999')]);
  });
});
