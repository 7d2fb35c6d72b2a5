import fc from 'fast-check';
import { suppress } from '../../../server/statistics/suppress';
import { determinedEntries } from '../../../server/statistics/linearAudit';
import { recoverableByAlgebra, recoverableByEnumeration, table2d } from './oracle';

/** Counts as small reporting tables look: many zeros and small cells, some large ones. */
const count = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 60 }) },
);
const tableArb = (maxR: number, maxC: number, cell = count) =>
  fc.integer({ min: 2, max: maxR }).chain((R) => fc.integer({ min: 2, max: maxC }).chain((C) => fc.array(fc.array(cell, { minLength: C, maxLength: C }), { minLength: R, maxLength: R })));

function run(counts: number[][], k: number) {
  const t = table2d(counts);
  const result = suppress({ values: t.values, lines: t.relations, k });
  return { t, ...result };
}

describe('cell suppression of one table with totals', () => {
  test('one small cell is protected by a rectangle of four hidden cells; totals stay published', () => {
    const { hidden, primary, complementary, t } = run([[1, 7, 9, 0, 12], [8, 0, 6, 14, 3], [10, 11, 0, 9, 8], [0, 6, 7, 8, 9]], 5);
    expect([...primary].sort()).toEqual(['c0.0', 'c1.4']);
    expect([...complementary].sort()).toEqual(['c0.4', 'c1.0']);
    expect(hidden.has('g') || [0, 1, 2, 3].some((i) => hidden.has(`r${i}`))).toBe(false);
    expect(recoverableByAlgebra(t.relations, hidden)).toEqual([]);
  });

  test('a row whose only other cells are zero hides its total, and the total is then protected too', () => {
    const { hidden, t } = run([[2, 0, 0], [9, 12, 7], [6, 8, 30]], 5);
    expect(hidden.has('c0.0')).toBe(true);
    expect([...hidden].filter((id) => t.values.get(id) === 0)).toEqual([]);
    expect(recoverableByAlgebra(t.relations, hidden)).toEqual([]);
    expect(recoverableByEnumeration(t, hidden)).toEqual([]);
  });

  test('the audit is not vacuous: it finds a cell that a single line gives away', () => {
    const t = table2d([[1, 7], [8, 9]]);
    expect([...determinedEntries(t.relations, new Set(['c0.0']))]).toEqual(['c0.0']);
    expect(recoverableByAlgebra(t.relations, new Set(['c0.0']))).toEqual(['c0.0']);
    // Two hidden cells in the row, but the column still gives the first one away.
    expect(recoverableByAlgebra(t.relations, new Set(['c0.0', 'c0.1']))).toEqual(['c0.0', 'c0.1']);
    expect(recoverableByEnumeration(t, new Set(['c0.0', 'c0.1']))).toEqual(['c0.0', 'c0.1']);
  });

  test('the same table always gives the same pattern', () => {
    const counts = [[3, 0, 12, 1], [6, 2, 9, 30], [0, 7, 4, 11]];
    expect([...run(counts, 5).hidden].sort()).toEqual([...run(counts, 5).hidden].sort());
  });

  test('property: small cells hidden, no line with a single hidden entry, nothing recoverable by algebra', () => {
    fc.assert(
      fc.property(tableArb(6, 8), fc.integer({ min: 2, max: 6 }), (counts, k) => {
        const { t, hidden, complementary } = run(counts, k);
        // Primary: no visible entry counts 1..k-1 (cells and totals alike).
        for (const [id, v] of t.values) if (!hidden.has(id)) expect(v === 0 || v >= k).toBe(true);
        // Every row and column (totals' lines included) holding a hidden entry holds at least two.
        for (const line of t.relations) {
          const n = [line.total, ...line.parts].filter((id) => hidden.has(id)).length;
          expect(n === 0 || n >= 2).toBe(true);
        }
        // Complements are never zeros: a hidden zero beside a small cell could pin it down.
        for (const id of complementary) expect(t.values.get(id)!).toBeGreaterThan(0);
        expect(recoverableByAlgebra(t.relations, hidden)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('property (tiny tables): no hidden entry takes a single value over all non-negative integer tables agreeing with what is published', () => {
    const tiny = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 2, arbitrary: fc.integer({ min: 4, max: 7 }) });
    fc.assert(
      fc.property(tableArb(3, 3, tiny), fc.integer({ min: 2, max: 4 }), (counts, k) => {
        const { t, hidden } = run(counts, k);
        expect(recoverableByEnumeration(t, hidden)).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });

  test('frozen entries keep their state and only new entries are hidden', () => {
    const t = table2d([[1, 7, 9], [8, 6, 14], [10, 11, 9]]);
    // Row 0 was published earlier with c0.0 and c0.1 hidden; the column totals are new.
    const frozen = new Map<string, boolean>();
    for (const [id] of t.values) if (!id.startsWith('t') && id !== 'g') frozen.set(id, id === 'c0.0' || id === 'c0.1');
    const { hidden } = suppress({ values: t.values, lines: t.relations, k: 5, frozen });
    for (const [id, h] of frozen) expect(hidden.has(id)).toBe(h);
    expect(hidden.has('t0') && hidden.has('t1')).toBe(true);
    expect(recoverableByAlgebra(t.relations, hidden)).toEqual([]);
  });
});
