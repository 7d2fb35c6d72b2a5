import fc from 'fast-check';
import { Tally, type CaseFacts } from '../../../server/statistics/aggregate';
import { publishYear, type Domain } from '../../../server/statistics/publication';
import { monthsOfYear } from '../../../server/statistics/periods';
import { attackerView, recoverableByAlgebra } from './oracle';

const domain: Domain = {
  category: ['bribery', 'procurement', 'ethics'],
  region: ['KZ-11', 'KZ-75', 'unknown'],
  unitKind: ['aca', 'triage'],
  state: ['received', 'investigation', 'substantiated'],
  sector: ['health', 'education', 'none'],
};
const clock = { eligible: false, onTime: false };
const fact = (month: string, category: string, region: string, unitKind = 'aca', state = 'received', sector = 'none'): CaseFacts => ({
  month, category, region, sector, unitKind, unitId: `${unitKind}@${region}`, state, acknowledge: clock, answer: clock,
});

const allMonths = new Set(monthsOfYear('2025'));

describe('publication of a year', () => {
  test('a month with fewer than k cases shows no breakdown at all, zeros included', () => {
    const tally = new Tally();
    tally.add(fact('2025-03', 'bribery', 'KZ-75'));
    for (let i = 0; i < 40; i++) tally.add(fact('2025-04', domain.category[i % 3], domain.region[i % 2]));
    const pub = publishYear('2025', allMonths, tally, domain, 5);
    const march = pub.counts.months.indexOf('2025-03');
    expect(pub.counts.total.byMonth[march]).toBeNull();
    for (const t of Object.values(pub.counts.dims)) expect(t.byMonth[march].every((x) => x === null)).toBe(true);
    expect(pub.hiddenMonths).toContain('2025-03');
    // The one March report cannot be found by subtraction from the year or the quarter either.
    const view = attackerView({ ...pub.counts, complete: pub.complete, quarters: pub.quarters });
    expect(recoverableByAlgebra(view.relations, view.hidden)).toEqual([]);
  });

  test('the sector breakdown (issue 14) is published with small cells suppressed, and protected like the others', () => {
    const tally = new Tally();
    // April: 20 reports, 18 in health, 1 in education, 1 without a sector.
    for (let i = 0; i < 20; i++) tally.add(fact('2025-04', domain.category[i % 3], domain.region[i % 2], 'aca', 'received', i < 18 ? 'health' : i === 18 ? 'education' : 'none'));
    const pub = publishYear('2025', allMonths, tally, domain, 5);
    const april = pub.counts.months.indexOf('2025-04');
    const row = pub.counts.dims.sector.byMonth[april];
    expect(pub.counts.dims.sector.values).toEqual(['health', 'education', 'none']);
    expect(row[1]).toBeNull(); // 1 < k
    expect(row[2]).toBeNull();
    // health alone would give away the other two by subtraction: the row is protected as a whole.
    const view = attackerView({ ...pub.counts, complete: pub.complete, quarters: pub.quarters });
    expect(recoverableByAlgebra(view.relations, view.hidden)).toEqual([]);
    expect(row[0] === null || row[0] === 18).toBe(true);
  });

  test('a year in progress has month rows only: no year totals, and quarters only once complete', () => {
    const tally = new Tally();
    for (let i = 0; i < 60; i++) tally.add(fact(`2025-0${1 + (i % 4)}`, 'bribery', 'KZ-11'));
    const pub = publishYear('2025', new Set(['2025-01', '2025-02', '2025-03', '2025-04']), tally, domain, 5);
    expect(pub.complete).toBe(false);
    expect(pub.counts.total.period).toBeNull();
    expect(pub.counts.dims.category.period).toBeNull();
    expect(pub.quarters.map((q) => q.quarter)).toEqual(['2025-Q1']);
  });

  test('rows already published never change when later quarters and the year are added', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.nat(2), fc.nat(2), fc.nat(1), fc.nat(2)), { maxLength: 160 }), (cases) => {
        const tally = new Tally();
        for (const [m, c, r, u, s] of cases) tally.add(fact(`2025-${String(m).padStart(2, '0')}`, domain.category[c], domain.region[r], domain.unitKind[u], domain.state[s], domain.sector[(m + c) % 3]));
        const early = publishYear('2025', new Set(monthsOfYear('2025').slice(0, 5)), tally, domain, 4);
        const late = publishYear('2025', allMonths, tally, domain, 4);
        for (let i = 0; i < 5; i++) {
          expect(late.counts.total.byMonth[i]).toBe(early.counts.total.byMonth[i]);
          for (const d of Object.keys(domain) as (keyof Domain)[]) expect(late.counts.dims[d].byMonth[i]).toEqual(early.counts.dims[d].byMonth[i]);
        }
        expect(late.quarters[0]).toEqual(early.quarters[0]);
      }),
      { numRuns: 25 },
    );
  });

  test('property: from everything published for a year (month rows, year totals, quarterly risk tables), no hidden figure can be worked out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.nat(2), fc.nat(2), fc.nat(1), fc.nat(2)), { minLength: 0, maxLength: 220 }),
        fc.integer({ min: 2, max: 6 }),
        fc.boolean(),
        (cases, k, complete) => {
          const tally = new Tally();
          for (const [m, c, r, u, s] of cases) tally.add(fact(`2025-${String(m).padStart(2, '0')}`, domain.category[c], domain.region[r], domain.unitKind[u], domain.state[s], domain.sector[(m + c) % 3]));
          const published = complete ? allMonths : new Set(monthsOfYear('2025').slice(0, 7));
          const pub = publishYear('2025', published, tally, domain, k);
          const view = attackerView({ ...pub.counts, complete: pub.complete, quarters: pub.quarters });
          // No visible figure counts 1..k-1.
          for (const v of view.known.values()) expect(v === 0 || v >= k).toBe(true);
          expect(recoverableByAlgebra(view.relations, view.hidden)).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('the attacker view is not vacuous: a row with a single suppressed cell is recovered', () => {
    const tally = new Tally();
    for (let i = 0; i < 30; i++) tally.add(fact('2025-01', domain.category[i % 3], 'KZ-11'));
    const pub = publishYear('2025', new Set(['2025-01']), tally, domain, 5);
    pub.counts.dims.category.byMonth[0][0] = null; // as if only this one cell had been hidden
    const view = attackerView({ ...pub.counts, complete: pub.complete, quarters: pub.quarters });
    expect(recoverableByAlgebra(view.relations, view.hidden)).toEqual(['category:2025-01:bribery']);
  });

  test('the same cases give the same publication', () => {
    const tally = new Tally();
    for (let i = 0; i < 90; i++) tally.add(fact(`2025-${String(1 + (i % 12)).padStart(2, '0')}`, domain.category[i % 3], domain.region[(i * 7) % 3], 'aca', domain.state[i % 3]));
    expect(publishYear('2025', allMonths, tally, domain, 5)).toEqual(publishYear('2025', allMonths, tally, domain, 5));
  });
});
