import fs from 'node:fs';
import path from 'node:path';
import type { IndexShape, QueryShape, Shape } from '../../server/infra/commandShapes';

/**
 * Decides whether a recorded query is served by a declared index: on MongoDB a query whose
 * filter and sort are covered by an index prefix stays logarithmic, anything else scans.
 * The rule (deliberately the simple one a reader can check by eye):
 *  - `_id` in the filter is always served (the primary key);
 *  - otherwise some index K must start with fields the filter constrains (K[0..i), i ≥ 1), and
 *    when the query sorts, the sort fields must follow that prefix in K (K[i..i+s));
 *  - an empty filter is served only when an index starts with the sort fields;
 *  - each branch of an `$or` must be served on its own (with the fields outside the `$or`).
 */
export function servedBy(query: QueryShape, keys: string[]): boolean {
  const branches = query.or.length ? query.or.map((b) => [...query.filter, ...b]) : [query.filter];
  return branches.every((fields) => branchServed(new Set(fields), query.sort, keys));
}

function branchServed(fields: Set<string>, sort: string[], keys: string[]): boolean {
  let i = 0;
  while (i < keys.length && fields.has(keys[i])) i++;
  if (i === 0 && fields.size > 0) return false;
  // A sort field the filter already pins within the prefix orders nothing: {scope} sorted by
  // (scope, seq) is served by the index (scope, seq).
  const rest = sort.filter((s) => !keys.slice(0, i).includes(s));
  if (rest.length === 0) return i > 0 || sort.length > 0;
  return rest.every((s, j) => keys[i + j] === s);
}

export function isServed(query: QueryShape, indexes: string[][]): boolean {
  const all = [['_id'], ...indexes];
  if (query.or.length > 0) {
    // Each branch on its own, with the fields outside the $or (MongoDB plans $or branch by branch).
    return query.or.every((branch) => isServed({ ...query, filter: [...query.filter, ...branch], or: [] }, indexes));
  }
  if (query.filter.includes('_id') && query.sort.length === 0) return true;
  // A count of the whole collection is answered from its metadata (estimatedDocumentCount).
  if (query.command === 'count' && query.filter.length === 0) return true;
  return all.some((keys) => servedBy(query, keys));
}

/** Queries known to scan on purpose: the collection is small by construction. Each says why. */
export const ACCEPTED_SCANS: { collection: string; filter: string[]; why: string }[] = [
  { collection: 'policyversions', filter: [], why: 'a handful of signed policy versions, read whole when the store refreshes' },
  { collection: 'unitstates', filter: [], why: 'one row per unit of the policy (168 in the default policy)' },
  { collection: 'unitstates', filter: ['standbyGeneration'], why: 'one row per unit of the policy' },
  { collection: 'unitstates', filter: ['rotationNeeded'], why: 'one row per unit of the policy' },
  { collection: 'investigators', filter: [], why: 'the administration page lists every account (staff, not cases; capped at 5,000)' },
  { collection: 'memberships', filter: [], why: 'the administration page lists every membership (staff × units)' },
  { collection: 'memberships', filter: ['active'], why: 'the administration page lists every active membership (staff × units)' },
  { collection: 'cases', filter: ['receivedAt'], why: 'the statistics job reads every case received before its period ends: one batch pass a run, not a request path' },
  { collection: 'routeEffects', filter: [], why: 'routing effects still owed: deleted once applied, so the reconciler reads a handful' },
  { collection: 'auditHeads', filter: [], why: 'the daily anchor and the verifier read every chain head: one batch pass, not a request path' },
  { collection: 'investigators', filter: ['keysByPassword.v'], why: 'accounts are staff: the SERVER_SECRET check reads one wrapped blob once per process, the one-off re-wrap reads the old ones' },
  { collection: 'auditHeld', filter: ['releaseAt'], why: "reporter-caused audit entries held until their rounding bucket ends, then appended and deleted: one bucket's worth at most" },
];

export type Coverage = { queries: number; unserved: (QueryShape & { where: string })[] };

/** Reads every shape file of a run and lists the queries no declared index serves. */
export function checkShapes(dir: string, declared: Map<string, string[][]>): Coverage {
  const queries = new Map<string, QueryShape & { where: string }>();
  const indexes = new Map(declared);
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean)) {
      const shape = JSON.parse(line) as Shape;
      if (shape.kind === 'index') {
        const list = indexes.get(shape.collection) ?? [];
        list.push((shape as IndexShape).keys);
        indexes.set(shape.collection, list);
      } else {
        queries.set(JSON.stringify({ ...shape, command: '' }), { ...shape, where: file });
      }
    }
  }
  const unserved = [...queries.values()].filter((q) => {
    if (isServed(q, indexes.get(q.collection) ?? [])) return false;
    return !ACCEPTED_SCANS.some((a) => a.collection === q.collection && a.filter.join() === q.filter.join());
  });
  return { queries: queries.size, unserved };
}
