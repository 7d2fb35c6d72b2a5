/**
 * The attacker, written independently of server/statistics: given what is published (numbers
 * and nulls) and the additive relations between them, which null can be worked out?
 *
 * - `recoverableByAlgebra`: exact rational arithmetic (BigInt fractions). A hidden value is
 *   recoverable iff its unit vector lies in the row space of the relations restricted to the
 *   hidden values, tested by reducing it against an echelon basis (a different method from the
 *   production audit, which inspects free columns).
 * - `recoverableByEnumeration`: for tiny tables, every table of non-negative integers that
 *   agrees with the published values; a hidden value is recovered if it is the same in all.
 */
export type Relation = { total: string; parts: string[] };

type Frac = { n: bigint; d: bigint };
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const norm = (n: bigint, d: bigint): Frac => {
  if (n === 0n) return { n: 0n, d: 1n };
  if (d < 0n) (n = -n), (d = -d);
  const g = gcd(n, d);
  return { n: n / g, d: d / g };
};
const sub = (a: Frac, b: Frac) => norm(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Frac, b: Frac) => norm(a.n * b.n, a.d * b.d);
const div = (a: Frac, b: Frac) => norm(a.n * b.d, a.d * b.n);
const isZero = (a: Frac) => a.n === 0n;

/** The hidden ids whose values the relations and the visible values pin down. */
export function recoverableByAlgebra(relations: Relation[], hidden: Set<string>): string[] {
  const ids = [...hidden].sort();
  const col = new Map(ids.map((id, i) => [id, i]));
  const zero = (): Frac[] => ids.map(() => ({ n: 0n, d: 1n }));
  const rows: Frac[][] = [];
  for (const r of relations) {
    const row = zero();
    let any = false;
    const addTo = (id: string, s: bigint) => {
      const c = col.get(id);
      if (c === undefined) return;
      row[c] = norm(row[c].n + s * row[c].d, row[c].d);
      any = true;
    };
    addTo(r.total, -1n);
    r.parts.forEach((p) => addTo(p, 1n));
    if (any) rows.push(row);
  }
  // Echelon basis (not necessarily reduced).
  const basis: { pivot: number; row: Frac[] }[] = [];
  for (let row of rows) {
    for (const b of basis) if (!isZero(row[b.pivot])) row = row.map((x, j) => sub(x, mul(div(row[b.pivot], b.row[b.pivot]), b.row[j])));
    const pivot = row.findIndex((x) => !isZero(x));
    if (pivot >= 0) basis.push({ pivot, row });
  }
  return ids.filter((id, i) => {
    let v = zero();
    v[i] = { n: 1n, d: 1n };
    for (const b of basis) if (!isZero(v[b.pivot])) v = v.map((x, j) => sub(x, mul(div(v[b.pivot], b.row[b.pivot]), b.row[j])));
    return v.every(isZero);
  });
}

/** A table with row totals, column totals and a grand total, as ids, values and relations. */
export function table2d(counts: number[][]) {
  const R = counts.length;
  const C = counts[0].length;
  const values = new Map<string, number>();
  const relations: Relation[] = [];
  const cell = (i: number, j: number) => `c${i}.${j}`;
  let grand = 0;
  const colTotals = Array(C).fill(0);
  for (let i = 0; i < R; i++) {
    let rowTotal = 0;
    for (let j = 0; j < C; j++) {
      values.set(cell(i, j), counts[i][j]);
      rowTotal += counts[i][j];
      colTotals[j] += counts[i][j];
    }
    values.set(`r${i}`, rowTotal);
    grand += rowTotal;
    relations.push({ total: `r${i}`, parts: counts[i].map((_, j) => cell(i, j)) });
  }
  for (let j = 0; j < C; j++) {
    values.set(`t${j}`, colTotals[j]);
    relations.push({ total: `t${j}`, parts: counts.map((_, i) => cell(i, j)) });
  }
  values.set('g', grand);
  relations.push({ total: 'g', parts: colTotals.map((_, j) => `t${j}`) }, { total: 'g', parts: counts.map((_, i) => `r${i}`) });
  return { values, relations, cell, R, C, grand };
}

/**
 * Enumerates the non-negative integer tables (cells bounded by the true grand total, which the
 * attacker is even given) that agree with every published entry; returns the hidden entries
 * that took a single value in all of them. Exponential: tiny tables only.
 */
export function recoverableByEnumeration(t: ReturnType<typeof table2d>, hidden: Set<string>): string[] {
  const { R, C, cell, values } = t;
  const seen = new Map<string, Set<number>>([...hidden].map((id) => [id, new Set<number>()]));
  const grid: number[][] = Array.from({ length: R }, () => Array(C).fill(0));
  const visible = (id: string) => (hidden.has(id) ? undefined : values.get(id)!);
  const record = () => {
    let g = 0;
    const col = Array(C).fill(0);
    for (let i = 0; i < R; i++) {
      const rt = grid[i].reduce((a, b) => a + b, 0);
      if (visible(`r${i}`) !== undefined && visible(`r${i}`) !== rt) return;
      seen.get(`r${i}`)?.add(rt);
      g += rt;
      grid[i].forEach((x, j) => (col[j] += x));
    }
    for (let j = 0; j < C; j++) {
      if (visible(`t${j}`) !== undefined && visible(`t${j}`) !== col[j]) return;
      seen.get(`t${j}`)?.add(col[j]);
    }
    if (visible('g') !== undefined && visible('g') !== g) return;
    seen.get('g')?.add(g);
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) seen.get(cell(i, j))?.add(grid[i][j]);
  };
  // Partial sums prune the search: a visible row or column total cannot be exceeded, and no
  // cell exceeds the true grand total (bounding the search can only make the attacker
  // stronger in this test, never weaker: fewer alternatives means more "recovered").
  const rowSum = Array(R).fill(0);
  const colSum = Array(C).fill(0);
  let total = 0;
  const dfs = (pos: number) => {
    if (pos === R * C) return record();
    const i = Math.floor(pos / C);
    const j = pos % C;
    const v = visible(cell(i, j));
    const options = v !== undefined ? [v] : Array.from({ length: t.grand + 1 }, (_, x) => x);
    const rt = visible(`r${i}`);
    const ct = visible(`t${j}`);
    for (const x of options) {
      if (total + x > t.grand || (rt !== undefined && rowSum[i] + x > rt) || (ct !== undefined && colSum[j] + x > ct)) break;
      grid[i][j] = x;
      rowSum[i] += x;
      colSum[j] += x;
      total += x;
      dfs(pos + 1);
      rowSum[i] -= x;
      colSum[j] -= x;
      total -= x;
    }
    grid[i][j] = 0;
  };
  dfs(0);
  return [...seen].filter(([, s]) => s.size === 1).map(([id]) => id);
}

/**
 * The attacker's relations, rebuilt from the published output alone (not from the code that
 * produced it): every month row sums to the month total, every year column to its months,
 * quarters to their months, the risk table's margins to its cells and to the month rows.
 */
export type PublishedYear = {
  complete: boolean;
  months: string[];
  total: { byMonth: (number | null)[]; period: number | null };
  dims: Record<string, { values: string[]; byMonth: (number | null)[][]; period: (number | null)[] | null }>;
  quarters?: { quarter: string; categories: string[]; regions: string[]; cells: (number | null)[][]; categoryTotals: (number | null)[]; regionTotals: (number | null)[]; total: number | null }[];
};

export function attackerView(published: PublishedYear) {
  const pub = { complete: published.complete, counts: published, quarters: published.quarters ?? [] };
  const known = new Map<string, number>();
  const hidden = new Set<string>();
  const relations: Relation[] = [];
  const put = (id: string, v: number | null) => (v === null ? hidden.add(id) : known.set(id, v));
  const { counts } = pub;
  counts.months.forEach((m, i) => {
    put(`M${m}`, counts.total.byMonth[i]);
    for (const [d, t] of Object.entries(counts.dims)) {
      t.values.forEach((v, j) => put(`${d}:${m}:${v}`, t.byMonth[i][j]));
      relations.push({ total: `M${m}`, parts: t.values.map((v) => `${d}:${m}:${v}`) });
    }
  });
  if (pub.complete) {
    put('G', counts.total.period);
    relations.push({ total: 'G', parts: counts.months.map((m) => `M${m}`) });
    for (const [d, t] of Object.entries(counts.dims)) {
      t.values.forEach((v, j) => {
        put(`${d}:year:${v}`, t.period![j]);
        relations.push({ total: `${d}:year:${v}`, parts: counts.months.map((m) => `${d}:${m}:${v}`) });
      });
      relations.push({ total: 'G', parts: t.values.map((v) => `${d}:year:${v}`) });
    }
  }
  for (const q of pub.quarters) {
    const qm = counts.months.filter((m) => `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5)) / 3)}` === q.quarter);
    put(`${q.quarter}:total`, q.total);
    relations.push({ total: `${q.quarter}:total`, parts: qm.map((m) => `M${m}`) });
    q.categories.forEach((c, i) => {
      put(`${q.quarter}:c:${c}`, q.categoryTotals[i]);
      relations.push({ total: `${q.quarter}:c:${c}`, parts: qm.map((m) => `category:${m}:${c}`) });
      relations.push({ total: `${q.quarter}:c:${c}`, parts: q.regions.map((r) => `${q.quarter}:${c}:${r}`) });
      q.regions.forEach((r, j) => put(`${q.quarter}:${c}:${r}`, q.cells[i][j]));
    });
    q.regions.forEach((r, j) => {
      put(`${q.quarter}:r:${r}`, q.regionTotals[j]);
      relations.push({ total: `${q.quarter}:r:${r}`, parts: qm.map((m) => `region:${m}:${r}`) });
      relations.push({ total: `${q.quarter}:r:${r}`, parts: q.categories.map((c) => `${q.quarter}:${c}:${r}`) });
    });
    relations.push({ total: `${q.quarter}:total`, parts: q.categories.map((c) => `${q.quarter}:c:${c}`) });
    if (pub.complete) {
      q.categories.forEach((c) => relations.push({ total: `category:year:${c}`, parts: pub.quarters.map((p) => `${p.quarter}:c:${c}`) }));
      q.regions.forEach((r) => relations.push({ total: `region:year:${r}`, parts: pub.quarters.map((p) => `${p.quarter}:r:${r}`) }));
    }
  }
  if (pub.complete && pub.quarters.length === 4) relations.push({ total: 'G', parts: pub.quarters.map((q) => `${q.quarter}:total`) });
  return { known, hidden, relations };
}

