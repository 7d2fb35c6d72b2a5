/**
 * What is published for one calendar year, built in stages so that nothing already on the web
 * ever has to change its suppression pattern:
 *
 * - month stage (each published month): total M and one row per dimension (category, region,
 *   unit kind, state), each row summing to M. A month with 1..k-1 cases shows no breakdown.
 * - quarter stage (when its three months are published): the supervisors' category × region
 *   table with its margins, linked to the month rows by the quarter subtotals.
 * - year stage (when all twelve months are published): year totals per value and the year
 *   total, linked to the months and to the quarters.
 *
 * Each stage may hide only its own new entries; earlier ones are frozen (visible constants or
 * hidden unknowns). All relations between every table are given to one suppression run, so a
 * hidden cell cannot be recovered by combining tables either. A year in progress has month
 * rows only: a year-to-date total that grows month by month would tell, by difference, what a
 * suppressed cell of the newest month holds.
 */
import { DIMENSIONS, type Dimension, type Tally } from './aggregate';
import { monthsOfQuarter, monthsOfYear, quarterOf } from './periods';
import { DisclosureControlError, suppress, type EntryId, type Line } from './suppress';

export type Domain = Record<Dimension, string[]>;
export type Cell = number | null;
export type DimTable = { values: string[]; byMonth: Cell[][]; period: Cell[] | null };
export type CountsTables = { months: string[]; total: { byMonth: Cell[]; period: Cell }; dims: Record<Dimension, DimTable> };
export type RiskQuarter = { quarter: string; categories: string[]; regions: string[]; cells: Cell[][]; categoryTotals: Cell[]; regionTotals: Cell[]; total: Cell };
export type YearPublication = { year: string; complete: boolean; counts: CountsTables; quarters: RiskQuarter[]; hiddenMonths: string[] };

const M = (m: string) => `M:${m}`;
const C = (d: Dimension, m: string, v: string) => `C:${d}:${m}:${v}`;
const QG = (q: string) => `QG:${q}`;
const QC = (q: string, c: string) => `QC:${q}:${c}`;
const QR = (q: string, r: string) => `QR:${q}:${r}`;
const X = (q: string, c: string, r: string) => `X:${q}:${c}:${r}`;
const G = (y: string) => `G:${y}`;
const T = (y: string, d: Dimension, v: string) => `T:${y}:${d}:${v}`;

/** Entries, relations and the hidden/visible state of everything decided so far. */
class System {
  readonly values = new Map<EntryId, number>();
  readonly lines: Line[] = [];
  readonly hidden = new Map<EntryId, boolean>();

  constructor(private readonly k: number) {}

  /** Runs one stage: only `newIds` may be hidden; `stageLines` are the relations to audit. */
  stage(newIds: EntryId[], stageLines: Line[], forceHidden: EntryId[] = []) {
    const fresh = new Set(newIds);
    const frozen = new Map([...this.hidden].filter(([id]) => !fresh.has(id)));
    const input = { values: this.values, lines: stageLines, k: this.k, frozen };
    let result;
    try {
      result = suppress({ ...input, forceHidden });
    } catch (err) {
      // Withhold the whole stage rather than publish anything unprotected.
      if (!(err instanceof DisclosureControlError)) throw err;
      result = suppress({ ...input, forceHidden: newIds });
    }
    for (const id of newIds) this.hidden.set(id, result.hidden.has(id));
  }

  cell(id: EntryId): Cell {
    return this.hidden.get(id) ? null : (this.values.get(id) ?? 0);
  }
}

/** Builds the publication of `year` from the months of it that may be published. */
export function publishYear(year: string, published: ReadonlySet<string>, tally: Tally, domain: Domain, k: number): YearPublication {
  const sys = new System(k);
  const months = monthsOfYear(year).filter((m) => published.has(m));
  const monthLines = new Map<string, Line[]>();

  for (const m of months) {
    const t = tally.month(m);
    const ids = [M(m)];
    sys.values.set(M(m), t.total);
    const lines: Line[] = [];
    for (const d of DIMENSIONS) {
      const parts = domain[d].map((v) => C(d, m, v));
      domain[d].forEach((v, i) => sys.values.set(parts[i], t.dims[d].get(v) ?? 0));
      ids.push(...parts);
      lines.push({ total: M(m), parts });
    }
    monthLines.set(m, lines);
    // Fewer than k cases in the month: no breakdown at all, zeros included (a visible zero
    // beside a hidden cell would say where the few reports went).
    sys.stage(ids, lines, t.total >= 1 && t.total < k ? ids : []);
  }

  const quarters: RiskQuarter[] = [];
  const quarterLines: Line[] = [];
  const completeQuarters = [...new Set(months.map(quarterOf))].filter((q) => monthsOfQuarter(q).every((m) => published.has(m)));
  const cats = domain.category;
  const regs = domain.region;
  for (const q of completeQuarters) {
    const qm = monthsOfQuarter(q);
    const ids: EntryId[] = [QG(q)];
    const lines: Line[] = [{ total: QG(q), parts: qm.map(M) }];
    sys.values.set(QG(q), qm.reduce((s, m) => s + tally.month(m).total, 0));
    for (const c of cats) {
      ids.push(QC(q, c));
      sys.values.set(QC(q, c), qm.reduce((s, m) => s + (tally.month(m).dims.category.get(c) ?? 0), 0));
      lines.push({ total: QC(q, c), parts: qm.map((m) => C('category', m, c)) }, { total: QC(q, c), parts: regs.map((r) => X(q, c, r)) });
      for (const r of regs) {
        ids.push(X(q, c, r));
        sys.values.set(X(q, c, r), qm.reduce((s, m) => s + (tally.month(m).risk.get(`${c}|${r}`) ?? 0), 0));
      }
    }
    for (const r of regs) {
      ids.push(QR(q, r));
      sys.values.set(QR(q, r), qm.reduce((s, m) => s + (tally.month(m).dims.region.get(r) ?? 0), 0));
      lines.push({ total: QR(q, r), parts: qm.map((m) => C('region', m, r)) }, { total: QR(q, r), parts: cats.map((c) => X(q, c, r)) });
    }
    lines.push({ total: QG(q), parts: cats.map((c) => QC(q, c)) }, { total: QG(q), parts: regs.map((r) => QR(q, r)) });
    sys.stage(ids, [...qm.flatMap((m) => monthLines.get(m)!), ...lines]);
    quarterLines.push(...lines);
    quarters.push({
      quarter: q,
      categories: cats,
      regions: regs,
      cells: cats.map((c) => regs.map((r) => sys.cell(X(q, c, r)))),
      categoryTotals: cats.map((c) => sys.cell(QC(q, c))),
      regionTotals: regs.map((r) => sys.cell(QR(q, r))),
      total: sys.cell(QG(q)),
    });
  }

  const complete = months.length === 12;
  if (complete) {
    const ids: EntryId[] = [G(year)];
    sys.values.set(G(year), months.reduce((s, m) => s + tally.month(m).total, 0));
    const lines: Line[] = [{ total: G(year), parts: months.map(M) }, { total: G(year), parts: completeQuarters.map(QG) }];
    for (const d of DIMENSIONS) {
      for (const v of domain[d]) {
        ids.push(T(year, d, v));
        sys.values.set(T(year, d, v), months.reduce((s, m) => s + (tally.month(m).dims[d].get(v) ?? 0), 0));
        lines.push({ total: T(year, d, v), parts: months.map((m) => C(d, m, v)) });
      }
      lines.push({ total: G(year), parts: domain[d].map((v) => T(year, d, v)) });
    }
    for (const c of cats) lines.push({ total: T(year, 'category', c), parts: completeQuarters.map((q) => QC(q, c)) });
    for (const r of regs) lines.push({ total: T(year, 'region', r), parts: completeQuarters.map((q) => QR(q, r)) });
    sys.stage(ids, [...[...monthLines.values()].flat(), ...quarterLines, ...lines]);
  }

  const dims = {} as Record<Dimension, DimTable>;
  for (const d of DIMENSIONS) {
    dims[d] = {
      values: domain[d],
      byMonth: months.map((m) => domain[d].map((v) => sys.cell(C(d, m, v)))),
      period: complete ? domain[d].map((v) => sys.cell(T(year, d, v))) : null,
    };
  }
  return {
    year,
    complete,
    counts: { months, total: { byMonth: months.map((m) => sys.cell(M(m))), period: complete ? sys.cell(G(year)) : null }, dims },
    quarters,
    hiddenMonths: months.filter((m) => sys.hidden.get(M(m))),
  };
}
