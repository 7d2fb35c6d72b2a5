/**
 * Properties of the engine over every metadata combination: exhaustively over the values the
 * default policy defines (78,848 combinations), and with fast-check over arbitrary values the
 * policy does not know (stale or hostile metadata must still route somewhere safe).
 */
import fc from 'fast-check';
import { firstWrappedUnit, routeCase } from '../../../core/routing/engine';
import type { Route, RoutingMetadata } from '../../../core/routing/types';
import { findUnit } from '../../../core/policy/lookup';
import { kzPolicy } from '../policy/kzPolicy';

const policy = kzPolicy();
const categories = policy.categories.map((c) => c.id);
const regions = [...policy.regions.map((r) => r.code), 'unknown'];
const seniorities = policy.routingInputs.seniority.options.map((o) => o.id);
const amounts = policy.routingInputs.amount.options.map((o) => o.id);
const flagIds = policy.routingInputs.flags.options.map((o) => o.id);
const flagSets = flagIds.reduce<string[][]>((sets, f) => [...sets, ...sets.map((s) => [...s, f])], [[]]);

function* everyCombination(): Generator<RoutingMetadata> {
  for (const category of categories)
    for (const region of regions)
      for (const seniority of seniorities)
        for (const amount of amounts) for (const flags of flagSets) yield { category, region, seniority, amount, flags };
}

/** The invariants every route must satisfy. */
function checkRoute(m: RoutingMetadata, route: Route): void {
  const all = [route.primaryUnit, route.triageUnit, ...route.escalationChain, ...route.notifyUnits, ...route.candidateSet];
  for (const id of all) if (!findUnit(policy, id)) throw new Error(`${JSON.stringify(m)} routes to missing unit ${id}`);
  const set = route.candidateSet;
  if (new Set(set).size !== set.length) throw new Error(`${JSON.stringify(m)}: duplicate candidates ${set}`);
  if (!set.includes(route.triageUnit) || route.triageUnit !== policy.triageUnit) throw new Error(`${JSON.stringify(m)}: triage missing`);
  if (set[0] !== route.primaryUnit) throw new Error(`${JSON.stringify(m)}: primary not first`);
  for (const id of route.escalationChain) if (!set.includes(id)) throw new Error(`${JSON.stringify(m)}: ${id} not a candidate`);
  // Off the route only notified units with a copy view hold a key (docs/policy.md §3).
  for (const id of set) if (id !== route.primaryUnit && id !== route.triageUnit && !route.escalationChain.includes(id) && !route.copyUnits.includes(id)) throw new Error(`${JSON.stringify(m)}: ${id} is a candidate off the route`);
  for (const id of route.copyUnits) if (!route.notifyUnits.includes(id) || !set.includes(id)) throw new Error(`${JSON.stringify(m)}: copy unit ${id} not notified or without key`);
  if (route.escalationChain.includes(route.primaryUnit)) throw new Error(`${JSON.stringify(m)}: primary in its own chain`);
  if (firstWrappedUnit(route, set) !== route.primaryUnit) throw new Error(`${JSON.stringify(m)}: primary not chosen when wrapped`);
  if (firstWrappedUnit(route, []) !== route.triageUnit) throw new Error(`${JSON.stringify(m)}: no triage fallback`);
  if (!policy.rules.some((r) => r.id === route.ruleId) && route.ruleId !== 'default') throw new Error(`unknown rule ${route.ruleId}`);
}

describe('every combination of the default policy values', () => {
  const routes: [RoutingMetadata, Route][] = [];
  for (const m of everyCombination()) routes.push([m, routeCase(policy, m)]);

  it('covers 14 categories × 22 regions × 4 × 4 × 16 flag sets', () => {
    expect(routes).toHaveLength(14 * 22 * 4 * 4 * 16);
  });

  it('routes to units that exist; the candidate set holds primary, chain and triage, once each', () => {
    for (const [m, route] of routes) checkRoute(m, route);
  });

  it('sends S1, A3 and central bodies only to national units', () => {
    const national = routes.filter(([m]) => m.seniority === 'S1' || m.amount === 'A3' || m.region === 'KZ');
    expect(national.length).toBeGreaterThan(10_000);
    expect(national.filter(([, route]) => route.candidateSet.some((u) => !u.endsWith('@KZ')))).toEqual([]);
  });

  it('keeps a regional report in its region, or sends it to national triage / prosecutor', () => {
    const regional = routes.filter(([m]) => !(m.seniority === 'S1' || m.amount === 'A3' || m.region === 'KZ' || m.region === 'unknown'));
    const strays = regional.filter(([m, route]) => !route.primaryUnit.endsWith(`@${m.region}`) && !['triage@KZ', 'prosecutor@KZ'].includes(route.primaryUnit));
    expect(strays).toEqual([]);
  });

  it('sends a report without region to triage unless it routes nationally or concerns law enforcement', () => {
    const unplaced = routes.filter(
      ([m]) => m.region === 'unknown' && m.seniority !== 'S1' && m.amount !== 'A3' && !m.flags.some((f) => f === 'subject_in_aca' || f === 'subject_in_afm'),
    );
    expect(unplaced.length).toBeGreaterThan(500);
    expect(unplaced.filter(([, route]) => route.primaryUnit !== 'triage@KZ' || route.ruleId !== 'R13')).toEqual([]);
  });

  it('uses every rule for some combination', () => {
    const used = new Set(routes.map(([, r]) => r.ruleId));
    expect(policy.rules.map((r) => r.id).filter((id) => !used.has(id))).toEqual([]);
  });
});

describe('arbitrary metadata (values the policy may not define)', () => {
  const id = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/);
  const metadata: fc.Arbitrary<RoutingMetadata> = fc.record({
    category: fc.oneof(fc.constantFrom(...categories), id),
    sector: fc.option(fc.oneof(fc.constantFrom(...(policy.sectors ?? []).map((s) => s.id)), id), { nil: undefined }),
    region: fc.oneof(fc.constantFrom(...regions), fc.stringMatching(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/)),
    seniority: fc.oneof(fc.constantFrom(...seniorities), fc.stringMatching(/^[A-Z][A-Z0-9]{0,3}$/)),
    amount: fc.oneof(fc.constantFrom(...amounts), fc.stringMatching(/^[A-Z][A-Z0-9]{0,3}$/)),
    flags: fc.uniqueArray(fc.oneof(fc.constantFrom(...flagIds), id), { maxLength: 5 }),
  });

  it('always routes to existing units with triage in the candidate set, deterministically', () => {
    fc.assert(
      fc.property(metadata, (m) => {
        const route = routeCase(policy, m);
        checkRoute(m, route);
        expect(routeCase(policy, m)).toEqual(route);
      }),
      { numRuns: 2000 },
    );
  });

  it('sends an unknown category to triage unless an earlier, category-free rule applies', () => {
    fc.assert(
      fc.property(metadata, (m) => {
        fc.pre(!categories.includes(m.category) && !m.flags.some((f) => f === 'subject_in_aca' || f === 'subject_in_afm'));
        expect(routeCase(policy, m).primaryUnit).toBe('triage@KZ');
      }),
      { numRuns: 500 },
    );
  });
});
