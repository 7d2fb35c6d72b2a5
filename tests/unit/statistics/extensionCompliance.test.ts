/**
 * Compliance counts against the ORIGINAL answer deadline; extended cases are reported apart,
 * with small cells suppressed (issue 14 item 2).
 */
import { Tally, caseFacts, type CaseMetadata } from '../../../server/statistics/aggregate';
import { extendedFigure, monthCompliance, periodCompliance } from '../../../server/statistics/compliance';

const KZ = 300;
const asOf = new Date('2025-09-01T00:00:00Z');
const closedOn = (iso: string): CaseMetadata['timeline'] => [
  { kind: 'received', at: new Date('2025-03-10T04:00:00Z'), status: 'received' },
  { kind: 'status', at: new Date('2025-03-11T04:00:00Z'), status: 'acknowledged' },
  { kind: 'status', at: new Date(iso), status: 'closed' },
];
// Answer due 31 March; extended to 30 April; answered 20 April (inside the extension only).
const extended: CaseMetadata = {
  routing: { category: 'bribery', region: 'KZ-75' },
  unitId: 'aca@KZ-75',
  status: 'closed',
  outcome: 'substantiated',
  receivedAt: new Date('2025-03-10T04:00:00Z'),
  deadlines: { acknowledgeBy: new Date('2025-03-12T13:00:00Z'), answerBy: new Date('2025-04-30T18:59:59Z'), originalAnswerBy: new Date('2025-03-31T18:59:59Z') },
  extensions: [{ reason: 'extension_complexity' }],
  timeline: closedOn('2025-04-20T04:00:00Z'),
};

describe('compliance against the original deadline', () => {
  test('an answer inside the extension but after the original deadline is late', () => {
    const f = caseFacts(extended, asOf, KZ);
    expect(f.answer).toEqual({ eligible: true, onTime: false, days: 41 });
    expect(f.extended).toBe(true);
    // The same case without the record of the original deadline would have counted as on time: the field is what decides.
    expect(caseFacts({ ...extended, deadlines: { ...extended.deadlines, originalAnswerBy: undefined } }, asOf, KZ).answer.onTime).toBe(true);
  });

  test('extended cases are counted apart, suppressed below k, and summed over published months only', () => {
    const tally = new Tally();
    for (let i = 0; i < 6; i++) tally.add(caseFacts(extended, asOf, KZ));
    for (let i = 0; i < 4; i++) tally.add(caseFacts({ ...extended, extensions: [], deadlines: { ...extended.deadlines, answerBy: extended.deadlines!.originalAnswerBy } }, asOf, KZ));
    const march = tally.month('2025-03');
    expect(march.extended).toBe(6);
    const figures = monthCompliance(march, false, 5);
    expect(figures.extended).toBe(6);
    expect(figures.answer).toMatchObject({ eligible: 10, withinDeadline: 0, sharePct: 0 });
    expect(extendedFigure(3, 5)).toBeNull();
    expect(extendedFigure(0, 5)).toBe(0);
    const period = periodCompliance([{ month: '2025-03', tally: march, published: figures }, { month: '2025-04', tally: { ...march, extended: 2 }, published: { ...figures, extended: null } }], 5);
    expect(period.figures.extended).toBe(6);
  });

  test('every clock of the policy has its count of flagged cases (missed, or an alert reached), small cells suppressed', () => {
    const tally = new Tally();
    const flagged = (overdue: string[]) => caseFacts({ ...extended, overdue }, asOf, KZ);
    for (let i = 0; i < 5; i++) tally.add(flagged(['criminalReferral', 'investigationAlert']));
    for (let i = 0; i < 2; i++) tally.add(flagged(['feedback', 'not_a_deadline']));
    const f = monthCompliance(tally.month('2025-03'), false, 5);
    expect(Object.keys(f.flagged!).sort()).toEqual(['acknowledge', 'answer', 'competenceDecline', 'criminalReferral', 'extensionNotice', 'feedback', 'investigationAlert', 'investigationEscalation', 'triageDecision']);
    expect(f.flagged).toMatchObject({ criminalReferral: 5, investigationAlert: 5, feedback: null, triageDecision: 0 });
    expect(monthCompliance(tally.month('2025-03'), true, 5).flagged!.criminalReferral).toBeNull();
  });
});
