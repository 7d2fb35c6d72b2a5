/** The inbox badge counts the criminal-referral deadline while it binds (issue 14 item 1), and never the alerts or the competence window. */
import { deadlineState, nearestDeadline, toInboxRow } from '../../../server/inbox/inboxRows';

const at = (iso: string) => new Date(iso);
const doc = (over: Record<string, unknown> = {}) => ({
  _id: 'c1',
  unitId: 'ethics@KZ-75',
  status: 'investigation',
  deadlines: {
    answerBy: at('2027-04-14T18:59:59.999Z'),
    feedbackBy: at('2027-06-19T18:59:59.999Z'),
    investigationAlertAt: at('2027-04-01T18:59:59.999Z'),
    competenceDeclineBy: at('2027-03-29T18:59:59.999Z'),
    criminalReferralBy: at('2027-03-31T18:59:59.999Z'),
  },
  ...over,
});

describe('inbox deadline badge', () => {
  it('without criminal signs at this unit: the nearest limit is the answer (alerts and the window do not count)', () => {
    expect(nearestDeadline(toInboxRow(doc())!)).toEqual(at('2027-04-14T18:59:59.999Z'));
  });
  it('with criminal signs recorded here: the referral deadline binds and turns the badge overdue when passed', () => {
    const row = toInboxRow(doc({ criminalSigns: { unitId: 'ethics@KZ-75' } }))!;
    expect(nearestDeadline(row)).toEqual(at('2027-03-31T18:59:59.999Z'));
    expect(deadlineState(row, at('2027-04-01T00:00:00Z'))).toBe('overdue');
    // Transferred away (signs recorded at another unit): settled.
    expect(nearestDeadline(toInboxRow(doc({ criminalSigns: { unitId: 'fin_control@KZ-75' } }))!)).toEqual(at('2027-04-14T18:59:59.999Z'));
  });
});
