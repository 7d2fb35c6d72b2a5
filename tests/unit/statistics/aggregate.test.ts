import { Tally, caseFacts, type CaseMetadata } from '../../../server/statistics/aggregate';
import { lastPublishableMonth, monthOf, monthStart } from '../../../server/statistics/periods';
import { asOfDay } from '../../../server/statistics/compute';
import { clockFigures, median } from '../../../server/statistics/compliance';

const KZ = 300; // UTC+5
const base = (over: Partial<CaseMetadata> = {}): CaseMetadata => ({
  routing: { category: 'bribery', region: 'KZ-75' },
  unitId: 'aca@KZ-75',
  status: 'received',
  receivedAt: new Date('2025-03-10T04:00:00Z'),
  deadlines: { acknowledgeBy: new Date('2025-03-12T13:00:00Z'), answerBy: new Date('2025-03-31T13:00:00Z') },
  timeline: [{ kind: 'received', at: new Date('2025-03-10T04:00:00Z'), status: 'received' }],
  ...over,
});

describe('periods', () => {
  test('months are local (UTC+5): 31 March 20:00 UTC is already April in Astana', () => {
    expect(monthOf(new Date('2025-03-31T20:00:00Z'), KZ)).toBe('2025-04');
    expect(monthOf(new Date('2025-03-31T18:59:00Z'), KZ)).toBe('2025-03');
    expect(monthStart('2025-04', KZ).toISOString()).toBe('2025-03-31T19:00:00.000Z');
  });

  test('a month is published only when its last day is older than the delay', () => {
    // March ends 31 March 19:00 UTC (local midnight); + 30 days = 30 April 19:00 UTC.
    expect(lastPublishableMonth(new Date('2025-04-30T18:59:00Z'), 30, KZ)).toBe('2025-02');
    expect(lastPublishableMonth(new Date('2025-04-30T19:00:00Z'), 30, KZ)).toBe('2025-03');
    expect(lastPublishableMonth(new Date('2025-01-15T00:00:00Z'), 0, KZ)).toBe('2024-12');
  });

  test('asOf is the start of the local day, so one day gives one result', () => {
    expect(asOfDay(new Date('2025-05-02T18:30:00Z'), KZ).toISOString()).toBe('2025-05-01T19:00:00.000Z');
    expect(asOfDay(new Date('2025-05-02T19:30:00Z'), KZ).toISOString()).toBe('2025-05-02T19:00:00.000Z');
  });
});

describe('case facts', () => {
  const asOf = new Date('2025-06-01T00:00:00Z');

  test('acknowledged in time and answered (closed) late; state is the outcome once closed', () => {
    const f = caseFacts(
      base({
        status: 'closed',
        outcome: 'substantiated',
        timeline: [
          { kind: 'received', at: new Date('2025-03-10T04:00:00Z'), status: 'received' },
          { kind: 'message', at: new Date('2025-03-10T05:00:00Z') },
          { kind: 'status', at: new Date('2025-03-11T04:00:00Z'), status: 'acknowledged' },
          { kind: 'status', at: new Date('2025-04-10T04:00:00Z'), status: 'closed' },
        ],
      }),
      asOf,
      KZ,
    );
    expect(f).toMatchObject({ month: '2025-03', category: 'bribery', region: 'KZ-75', unitKind: 'aca', state: 'substantiated' });
    expect(f.acknowledge).toEqual({ eligible: true, onTime: true, days: 1 });
    expect(f.answer).toEqual({ eligible: true, onTime: false, days: 31 });
  });

  test('a clock still running is not counted yet; a passed deadline counts as missed', () => {
    const running = caseFacts(base(), new Date('2025-03-11T00:00:00Z'), KZ);
    expect(running.acknowledge.eligible).toBe(false);
    const missed = caseFacts(base(), asOf, KZ);
    expect(missed.acknowledge).toEqual({ eligible: true, onTime: false, days: undefined });
  });

  test('an escalated case counts as acknowledged late even if the next unit was quick', () => {
    const f = caseFacts(base({ escalationLevel: 1, timeline: [{ kind: 'status', at: new Date('2025-03-13T04:00:00Z'), status: 'acknowledged' }], deadlines: { acknowledgeBy: new Date('2025-03-15T00:00:00Z') } }), asOf, KZ);
    expect(f.acknowledge.onTime).toBe(false);
  });

  test('an unrouted case has unit kind "unrouted" and no clocks', () => {
    const f = caseFacts(base({ unitId: undefined, deadlines: undefined }), asOf, KZ);
    expect(f.unitKind).toBe('unrouted');
    expect(f.acknowledge.eligible).toBe(false);
  });

  test('the tally counts per month and cell', () => {
    const t = new Tally();
    t.add(caseFacts(base(), asOf, KZ));
    t.add(caseFacts(base({ routing: { category: 'ethics', region: 'KZ-11' } }), asOf, KZ));
    t.add(caseFacts(base({ receivedAt: new Date(Date.UTC(2025, 2, 20)), routing: { category: 'ethics', region: 'KZ-11', sector: 'health' } }), asOf, KZ));
    t.add(caseFacts(base({ receivedAt: new Date(Date.UTC(2025, 3, 2)) }), asOf, KZ));
    expect(t.month('2025-03').total).toBe(3);
    expect(t.month('2025-03').dims.sector.get('health')).toBe(1);
    expect(t.month('2025-03').dims.category.get('ethics')).toBe(2);
    // The sector (issue 14): 'none' when the reporter did not answer.
    expect(t.month('2025-03').dims.sector.get('none')).toBe(2);
    expect(t.month('2025-03').risk.get('bribery|KZ-75')).toBe(1);
    expect(t.month('2025-04').total).toBe(1);
    expect(t.month('2025-03').acknowledge.eligible).toBe(3);
    expect(t.month('2025-03').units.get('aca@KZ-75')!.acknowledge.eligible).toBe(3);
  });
});

describe('compliance figures', () => {
  test('below k settled cases there is no share and no median', () => {
    expect(clockFigures({ eligible: 4, onTime: 4, days: [1, 2, 3, 4] }, 5)).toEqual({ eligible: null, withinDeadline: null, sharePct: null, medianDays: null });
    expect(clockFigures({ eligible: 8, onTime: 6, days: [1, 2, 3, 4, 9] }, 5)).toEqual({ eligible: 8, withinDeadline: 6, sharePct: 75, medianDays: 3 });
    expect(clockFigures({ eligible: 8, onTime: 6, days: [] }, 5, false)).toEqual({ eligible: null, withinDeadline: null, sharePct: 75, medianDays: null });
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
