/**
 * The attacker's arithmetic, done exactly: which hidden entries of a set of published tables can
 * be recomputed from the visible entries with the tables' additive relations (row sums, column
 * sums, subtotals, and the links between tables that share a total)?
 *
 * Every relation is a line `total = part1 + part2 + ...`. Visible entries are constants; the
 * hidden ones are unknowns. A hidden entry is *determined* when every solution of the system
 * gives it the same value, i.e. when its unit vector lies in the row space of the constraint
 * matrix restricted to the hidden columns. We bring that matrix to reduced row echelon form:
 * an entry is free if it is not a pivot, and determined if it is a pivot whose row has no
 * coefficient on any free column. This is stronger than "at least two hidden entries per line":
 * it also catches recoveries that need several lines at once.
 */
export type EntryId = string;
/** `total = sum(parts)`. */
export type Line = { total: EntryId; parts: EntryId[] };

const EPS = 1e-9;

/** Hidden entries whose value follows from the visible ones through the lines. */
export function determinedEntries(lines: readonly Line[], hidden: ReadonlySet<EntryId>): Set<EntryId> {
  const determined = new Set<EntryId>();
  for (const component of components(lines, hidden)) {
    for (const id of determinedInComponent(component.lines, component.entries)) determined.add(id);
  }
  return determined;
}

/** Splits the system into independent pieces: hidden entries linked by a common line. */
function components(lines: readonly Line[], hidden: ReadonlySet<EntryId>) {
  const parent = new Map<EntryId, EntryId>();
  const find = (x: EntryId): EntryId => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (c !== r) {
      const next = parent.get(c)!;
      parent.set(c, r);
      c = next;
    }
    return r;
  };
  const relevant: { line: Line; ids: EntryId[] }[] = [];
  for (const line of lines) {
    const ids = [line.total, ...line.parts].filter((id) => hidden.has(id));
    if (!ids.length) continue;
    for (const id of ids) if (!parent.has(id)) parent.set(id, id);
    for (let i = 1; i < ids.length; i++) parent.set(find(ids[i]), find(ids[0]));
    relevant.push({ line, ids });
  }
  const byRoot = new Map<EntryId, { lines: Line[]; entries: Set<EntryId> }>();
  for (const { line, ids } of relevant) {
    const root = find(ids[0]);
    let c = byRoot.get(root);
    if (!c) byRoot.set(root, (c = { lines: [], entries: new Set() }));
    c.lines.push(line);
    for (const id of ids) c.entries.add(id);
  }
  return [...byRoot.values()];
}

function determinedInComponent(lines: Line[], entries: Set<EntryId>): EntryId[] {
  const ids = [...entries].sort();
  const col = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const rows: Float64Array[] = lines.map((line) => {
    const row = new Float64Array(n);
    const t = col.get(line.total);
    if (t !== undefined) row[t] -= 1;
    for (const p of line.parts) {
      const c = col.get(p);
      if (c !== undefined) row[c] += 1;
    }
    return row;
  });
  const pivotRowOfCol = new Int32Array(n).fill(-1);
  let r = 0;
  for (let c = 0; c < n && r < rows.length; c++) {
    let best = -1;
    let bestAbs = EPS;
    for (let i = r; i < rows.length; i++) {
      const a = Math.abs(rows[i][c]);
      if (a > bestAbs) {
        bestAbs = a;
        best = i;
      }
    }
    if (best < 0) continue;
    [rows[r], rows[best]] = [rows[best], rows[r]];
    const pivot = rows[r];
    const inv = 1 / pivot[c];
    for (let j = c; j < n; j++) pivot[j] *= inv;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const f = rows[i][c];
      if (Math.abs(f) <= EPS) continue;
      const row = rows[i];
      for (let j = c; j < n; j++) row[j] -= f * pivot[j];
      row[c] = 0;
    }
    pivotRowOfCol[c] = r;
    r++;
  }
  const free: number[] = [];
  for (let c = 0; c < n; c++) if (pivotRowOfCol[c] < 0) free.push(c);
  const out: EntryId[] = [];
  for (let c = 0; c < n; c++) {
    const pr = pivotRowOfCol[c];
    if (pr < 0) continue;
    const row = rows[pr];
    if (free.every((f) => Math.abs(row[f]) <= EPS)) out.push(ids[c]);
  }
  return out;
}
