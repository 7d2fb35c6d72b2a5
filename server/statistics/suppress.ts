/**
 * Disclosure control by cell suppression over linked tables.
 *
 * 1. Primary suppression: every entry (cell or total) counting 1 to k-1 cases is hidden, and
 *    entries the caller forces (the whole breakdown of a month with fewer than k cases).
 * 2. Complementary suppression, to a fixpoint: while the linear audit (linearAudit.ts) finds a
 *    hidden entry that the visible entries determine, hide the cheapest set of entries that
 *    puts it on a cycle of hidden entries (two lines through it joined by a shortest path);
 *    failing that, the cheapest entry on a line through it, then anywhere in its component,
 *    so every round hides something and the loop ends. Zero entries are
 *    never chosen when a non-zero one will do: with every hidden entry at least 1, a value that
 *    the equations leave free can also move by ±1 without going negative, so non-negativity
 *    gives the attacker nothing more.
 * 3. Entries published in an earlier stage (`frozen`) keep their state: a month row already on
 *    the web cannot be hidden again, so later stages may only hide their own new entries.
 *
 * Deterministic: the same values give the same hidden set (ties break on the entry id).
 */
import { determinedEntries, type EntryId, type Line } from './linearAudit';

export type { EntryId, Line };

export type SuppressionInput = {
  values: ReadonlyMap<EntryId, number>;
  lines: readonly Line[];
  k: number;
  /** Entries already published: true = hidden, false = visible. They never change state. */
  frozen?: ReadonlyMap<EntryId, boolean>;
  /** Hidden whatever their value. */
  forceHidden?: Iterable<EntryId>;
};

export type SuppressionResult = { hidden: Set<EntryId>; primary: Set<EntryId>; complementary: Set<EntryId> };

/** Thrown when no entry left to hide can protect a determined one (only with frozen entries). */
export class DisclosureControlError extends Error {}

export function suppress(input: SuppressionInput): SuppressionResult {
  const { values, lines, k } = input;
  const frozen = input.frozen ?? new Map<EntryId, boolean>();
  const hideable = (id: EntryId) => !frozen.has(id);
  const hidden = new Set<EntryId>();
  const primary = new Set<EntryId>();
  const complementary = new Set<EntryId>();
  for (const [id, isHidden] of frozen) if (isHidden) hidden.add(id);
  for (const id of input.forceHidden ?? []) if (hideable(id)) (hidden.add(id), primary.add(id));
  for (const [id, v] of values) if (hideable(id) && v >= 1 && v < k) (hidden.add(id), primary.add(id));

  const linesOf = new Map<EntryId, number[]>();
  lines.forEach((line, i) => {
    for (const id of [line.total, ...line.parts]) {
      let l = linesOf.get(id);
      if (!l) linesOf.set(id, (l = []));
      l.push(i);
    }
  });
  const entriesOf = (i: number) => [lines[i].total, ...lines[i].parts];
  const hiddenOn = (i: number) => entriesOf(i).filter((id) => hidden.has(id)).length;
  const value = (id: EntryId) => values.get(id) ?? 0;

  /** Cost of hiding c as a complement on line `via`: its value, times the new dangling lines it opens. */
  const score = (c: EntryId, via: number) => {
    let dangling = 0;
    for (const li of linesOf.get(c) ?? []) if (li !== via && hiddenOn(li) === 0) dangling++;
    return value(c) * (1 + dangling);
  };
  const better = (a: { id: EntryId; s: number }, b: { id: EntryId; s: number } | undefined) =>
    !b || a.s < b.s || (a.s === b.s && (value(a.id) < value(b.id) || (value(a.id) === value(b.id) && a.id < b.id)));

  const pickOnLines = (lineIds: Iterable<number>, allowZero: boolean) => {
    let best: { id: EntryId; s: number } | undefined;
    for (const li of lineIds) {
      for (const c of entriesOf(li)) {
        if (hidden.has(c) || !hideable(c) || (!allowZero && value(c) < 1)) continue;
        const cand = { id: c, s: score(c, li) };
        if (better(cand, best)) best = cand;
      }
    }
    return best?.id;
  };

  /** Lines and hidden entries reachable from `start` through hidden entries (their component). */
  const reach = (start: Iterable<EntryId>) => {
    const seenLines = new Set<number>();
    const seen = new Set<EntryId>(start);
    const queue = [...seen];
    while (queue.length) {
      const id = queue.pop()!;
      for (const li of linesOf.get(id) ?? []) {
        if (seenLines.has(li)) continue;
        seenLines.add(li);
        for (const other of entriesOf(li)) if (hidden.has(other) && !seen.has(other)) (seen.add(other), queue.push(other));
      }
    }
    return { lines: seenLines, entries: seen };
  };

  /**
   * The cheapest set of visible entries whose hiding links two lines through `e` into a cycle
   * of hidden entries (Dijkstra over lines; an entry joins every pair of its lines; hidden
   * entries are free, visible ones cost their value, zeros and frozen entries are not usable).
   * In a two-way table that is exactly the classic rectangle (or longer cycle) of complements.
   */
  const cheapestCycle = (e: EntryId): EntryId[] => {
    const mine = linesOf.get(e) ?? [];
    let best: { cost: number; entries: EntryId[] } | undefined;
    for (let a = 0; a < mine.length; a++) {
      for (let b = a + 1; b < mine.length; b++) {
        const found = shortestPath(mine[a], mine[b], e);
        if (found && found.entries.length && (!best || found.cost < best.cost)) best = found;
      }
    }
    return best?.entries ?? [];
  };
  const edgeCost = (x: EntryId) => (hidden.has(x) ? 0 : hideable(x) && value(x) >= 1 ? value(x) : Infinity);
  const shortestPath = (from: number, to: number, avoid: EntryId) => {
    const dist = new Map<number, number>([[from, 0]]);
    const prev = new Map<number, { line: number; via: EntryId }>();
    const done = new Set<number>();
    for (;;) {
      let u = -1;
      let du = Infinity;
      for (const [l, d] of dist) if (!done.has(l) && d < du) (u = l), (du = d);
      if (u < 0) return undefined;
      if (u === to) break;
      done.add(u);
      for (const x of entriesOf(u)) {
        const cost = x === avoid ? Infinity : edgeCost(x);
        if (cost === Infinity) continue;
        for (const v of linesOf.get(x)!) {
          if (v === u || done.has(v)) continue;
          const nd = du + cost;
          if (nd < (dist.get(v) ?? Infinity)) (dist.set(v, nd), prev.set(v, { line: u, via: x }));
        }
      }
    }
    const entries: EntryId[] = [];
    for (let l = to; l !== from; l = prev.get(l)!.line) if (!hidden.has(prev.get(l)!.via)) entries.push(prev.get(l)!.via);
    return { cost: dist.get(to)!, entries };
  };

  for (let round = 0; round <= values.size + 1; round++) {
    const determined = [...determinedEntries(lines, hidden)].sort();
    if (!determined.length) return { hidden, primary, complementary };
    // One fix per connected component and round: a second one chosen before the audit sees
    // the first would often be wasted (the first may already have closed the cycle).
    const touched = new Set<EntryId>();
    let added = 0;
    for (const e of determined) {
      if (touched.has(e)) continue;
      let chosen = cheapestCycle(e);
      if (!chosen.length) {
        const c = pickOnLines(linesOf.get(e) ?? [], false);
        chosen = c ? [c] : [];
      }
      if (!chosen.length) continue;
      for (const c of chosen) (hidden.add(c), complementary.add(c));
      for (const id of reach(chosen).entries) touched.add(id);
      added++;
    }
    if (added) continue;
    // Nothing hideable on the lines through the determined entries: look further along their component.
    const wide = reach(determined).lines;
    const c = pickOnLines(wide, false) ?? pickOnLines(wide, true);
    if (!c) throw new DisclosureControlError(`cannot protect ${determined[0]}: nothing left to hide`);
    hidden.add(c);
    complementary.add(c);
  }
  throw new DisclosureControlError('suppression did not converge');
}
