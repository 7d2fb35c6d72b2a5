import { computeDeadlines, reminderTimes } from '../../../core/routing';
import { activeDeadlines } from '../../../core/lifecycle';
import { planDeadlines, type DeadlineCase } from '../../../workers/deadlines/plan';
import { kzPolicy } from '../policy/kzPolicy';

const policy = kzPolicy();
// Monday 2 February 2026, 10:00 in Kazakhstan (+05:00): no holiday that week.
const received = new Date('2026-02-02T05:00:00Z');
const d = computeDeadlines(policy, received);
const deadlines = { acknowledgeBy: d.acknowledgeBy, triageDecisionBy: d.triageDecisionBy, answerBy: d.answerBy, feedbackBy: d.feedbackBy };
const base: DeadlineCase = {
  status: 'received',
  unitId: 'aca@KZ-75',
  chain: ['aca@KZ-75', 'prosecutor@KZ-75'],
  wrappedUnits: ['aca@KZ-75', 'prosecutor@KZ-75', 'triage@KZ'],
  deadlines,
  remindersSent: [],
  overdue: [],
};
const at = (iso: string) => new Date(iso);

describe('deadline planning (pure, on a given clock)', () => {
  it('acknowledgement is due at the end of the 2nd working day, its reminder at the end of the 1st', () => {
    expect(d.acknowledgeBy.toISOString()).toBe('2026-02-04T18:59:59.999Z');
    expect(reminderTimes(policy.calendar, policy.deadlines.acknowledge, d.acknowledgeBy, received)[0].toISOString()).toBe('2026-02-03T18:59:59.999Z');
  });

  it('plans nothing before the first reminder, and names it as next', () => {
    const plan = planDeadlines(policy, base, at('2026-02-03T10:00:00Z'));
    expect(plan).toEqual({ reminders: [], newlyOverdue: [], nextDue: at('2026-02-03T18:59:59.999Z') });
  });

  it('sends the latest due reminder of each deadline once', () => {
    const now = at('2026-02-04T10:00:00Z');
    const plan = planDeadlines(policy, base, now);
    // Wednesday morning: the acknowledgement's reminder (Tuesday evening) is due; the triage one (Wednesday evening) not yet.
    expect(plan.reminders.map((r) => r.deadline)).toEqual(['acknowledge']);
    const sent = planDeadlines(policy, { ...base, remindersSent: plan.reminders.map((r) => r.key) }, now);
    expect(sent.reminders).toEqual([]);
    expect(sent.nextDue).toEqual(d.acknowledgeBy);
  });

  it('a missed acknowledgement first alerts the unit head (flagged, the case stays), then climbs the SLA chain to oversight', () => {
    const first = planDeadlines(policy, base, at('2026-02-04T19:00:00Z'));
    expect(first.alertUnitHead).toBe(true);
    expect(first.escalateTo).toBeUndefined();
    expect(first.newlyOverdue).toEqual(['acknowledge']);
    const again = planDeadlines(policy, { ...base, slaLevel: 1, overdue: ['acknowledge'] }, at('2026-02-04T19:00:00Z'));
    expect(again.alertUnitHead).toBeUndefined();
    expect(again.escalateTo).toBe('prosecutor@KZ-75');
    expect(again.newlyOverdue).toEqual([]);
  });

  it('the SLA chain is not the competence chain: an ethics case goes to the prosecutor, never to criminal investigators', () => {
    const ethics = { ...base, unitId: 'ethics@KZ-75', chain: ['ethics@KZ-75', 'aca@KZ-75', 'prosecutor@KZ-75'], wrappedUnits: ['ethics@KZ-75', 'aca@KZ-75', 'prosecutor@KZ-75', 'triage@KZ'] };
    expect(planDeadlines(policy, { ...ethics, slaLevel: 1 }, at('2026-02-04T19:00:00Z')).escalateTo).toBe('prosecutor@KZ-75');
    // Without a prosecutor wrap, or with the prosecutor excluded, nothing moves: the flag stays for the unit head.
    expect(planDeadlines(policy, { ...ethics, slaLevel: 1, wrappedUnits: ['ethics@KZ-75', 'aca@KZ-75'] }, at('2026-02-04T19:00:00Z')).escalateTo).toBeUndefined();
    expect(planDeadlines(policy, { ...ethics, slaLevel: 1, excludedUnits: ['prosecutor@KZ-75'] }, at('2026-02-04T19:00:00Z')).escalateTo).toBeUndefined();
  });

  it('at the end of the SLA chain nothing moves (the prosecutor escalates to nobody)', () => {
    const last = planDeadlines(policy, { ...base, unitId: 'prosecutor@KZ-75', slaLevel: 2 }, at('2026-02-04T19:00:00Z'));
    expect(last.escalateTo).toBeUndefined();
    expect(last.newlyOverdue).toEqual(['acknowledge']);
  });

  it('an acknowledged case is not escalated; missed deadlines are flagged once', () => {
    const ack = { ...base, status: 'acknowledged' };
    const late = new Date(d.answerBy.getTime() + 1);
    const plan = planDeadlines(policy, ack, late);
    expect(plan.escalateTo).toBeUndefined();
    expect(plan.newlyOverdue.sort()).toEqual(['answer', 'triageDecision']);
    expect(planDeadlines(policy, { ...ack, overdue: ['answer', 'triageDecision'] }, late).newlyOverdue).toEqual([]);
  });

  it('a closed case binds no deadline and needs no further look', () => {
    expect(activeDeadlines('closed')).toEqual([]);
    expect(planDeadlines(policy, { ...base, status: 'closed' }, at('2027-01-01T00:00:00Z'))).toEqual({ reminders: [], newlyOverdue: [] });
  });
});
