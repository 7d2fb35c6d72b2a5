/**
 * The routing rule engine: routing metadata + policy → route. Pure and total: the browser runs
 * it to choose which unit keys receive the DEK, the route worker runs it again with the current
 * policy to assign the case, and any metadata (even values the policy does not know) yields a
 * route to units that exist, falling back to the triage unit.
 */
import type { Condition, LeafCondition, NotifyTarget, Policy, Target, UnitId } from '../policy/schema';
import { findUnit } from '../policy/lookup';
import type { Route, RoutingMetadata } from './types';

interface Context {
  m: RoutingMetadata;
  /** The report's region if the policy knows it, else undefined (unknown). */
  region: string | undefined;
  /** S1 subjects, A3 amounts (options marked routesNational) and central bodies go to @national. */
  national: boolean;
  amountRank: number;
  policy: Policy;
}

function contextOf(policy: Policy, m: RoutingMetadata): Context {
  const known = m.region !== 'unknown' && policy.regions.some((r) => r.code === m.region);
  const region = known ? m.region : undefined;
  const { seniority, amount } = policy.routingInputs;
  const national =
    region === policy.nationalRegion ||
    seniority.options.some((o) => o.id === m.seniority && o.routesNational) ||
    amount.options.some((o) => o.id === m.amount && o.routesNational);
  return { m, region, national, amountRank: amount.options.findIndex((o) => o.id === m.amount), policy };
}

function leafMatches(c: LeafCondition, x: Context): boolean {
  if (c.category && !c.category.includes(x.m.category)) return false;
  if (c.sector && (x.m.sector === undefined || !c.sector.includes(x.m.sector))) return false;
  if (c.region && (x.region === undefined || !c.region.includes(x.region))) return false;
  if (c.seniority && !c.seniority.includes(x.m.seniority)) return false;
  if (c.flags && !c.flags.every((f) => x.m.flags.includes(f))) return false;
  if (c.amountAtLeast !== undefined) {
    const needed = x.policy.routingInputs.amount.options.findIndex((o) => o.id === c.amountAtLeast);
    if (x.amountRank < 0 || x.amountRank < needed) return false;
  }
  return true;
}

function conditionMatches(c: Condition, x: Context): boolean {
  return leafMatches(c, x) && (!c.any || c.any.some((alt) => leafMatches(alt, x)));
}

/**
 * The unit a target names for this report. Region-level targets use the report's region, or
 * the national unit when the report routes nationally; a region without a unit of that kind
 * falls back to the national unit. Undefined when the region is unknown (the rule then does not
 * apply) or no such unit exists.
 */
function resolve(target: Target, x: Context, baseRegion: string | undefined): UnitId | undefined {
  const nationalId = `${target.kind}@${x.policy.nationalRegion}`;
  if (target.level === 'national' || x.national) return findUnit(x.policy, nationalId)?.id;
  if (baseRegion === undefined) return undefined;
  return (findUnit(x.policy, `${target.kind}@${baseRegion}`) ?? findUnit(x.policy, nationalId))?.id;
}

function dedupe(ids: readonly (UnitId | undefined)[], exclude: readonly UnitId[] = []): UnitId[] {
  const out: UnitId[] = [];
  for (const id of ids) if (id !== undefined && !out.includes(id) && !exclude.includes(id)) out.push(id);
  return out;
}

/**
 * The unit kinds that must hold no key to a case with this metadata: the union of every
 * conflict exclusion of the policy whose condition holds (sorted). Never the triage unit's kind
 * (parsePolicySource refuses such a policy).
 */
export function excludedKinds(policy: Policy, metadata: RoutingMetadata): string[] {
  const x = contextOf(policy, metadata);
  const kinds = new Set<string>();
  for (const exclusion of policy.conflictExclusions ?? []) {
    if (conditionMatches(exclusion.when, x)) exclusion.excludeKinds.forEach((k) => kinds.add(k));
  }
  return [...kinds].sort();
}

/** The kind of a unit id (`kind@region`), from the policy if it knows the unit. */
export function unitKindOf(policy: Policy, unitId: string): string {
  return findUnit(policy, unitId)?.kind ?? unitId.split('@')[0];
}

/** True if the unit must hold no key to a case with this metadata (conflict exclusion). */
export function isExcludedUnit(policy: Policy, metadata: RoutingMetadata, unitId: string): boolean {
  return excludedKinds(policy, metadata).includes(unitKindOf(policy, unitId));
}

/**
 * Routes a case: the first rule whose condition holds and whose target resolves to an existing,
 * non-excluded unit wins; with none, the policy's triage unit. Adds the notified units (and those
 * of them with a copy view), the escalation chain of the primary unit's kind and the triage unit,
 * each without excluded units, and the candidate set (primary, chain, triage, copy units: the
 * units whose keys receive the DEK).
 */
export function routeCase(policy: Policy, metadata: RoutingMetadata): Route {
  const x = contextOf(policy, metadata);
  const triageUnit = policy.triageUnit;
  const excluded = excludedKinds(policy, metadata);
  const allowed = (id: UnitId | undefined): UnitId | undefined => (id !== undefined && !excluded.includes(unitKindOf(policy, id)) ? id : undefined);
  let ruleId = 'default';
  let primary: UnitId = triageUnit;
  let notifyTargets: readonly NotifyTarget[] = [];
  for (const rule of policy.rules) {
    if (!conditionMatches(rule.when, x)) continue;
    // An excluded target makes the rule not apply: the next rule (at worst the triage default) decides.
    const unit = allowed(resolve(rule.target, x, x.region));
    if (!unit) continue; // e.g. a region-level rule for a report with an unknown region
    ruleId = rule.id;
    primary = unit;
    notifyTargets = rule.notify ?? [];
    break;
  }
  const primaryUnit = findUnit(policy, primary);
  // Escalation steps at 'region' level stay in the primary unit's region (national stays national).
  const baseRegion = primaryUnit?.region;
  const chainCtx: Context = { ...x, national: baseRegion === policy.nationalRegion };
  const steps = primaryUnit ? (policy.escalation[primaryUnit.kind]?.chain ?? []) : [];
  const escalationChain = dedupe(steps.map((t) => allowed(resolve(t, chainCtx, baseRegion))), [primary]);
  const notifyUnits = dedupe(notifyTargets.map((t) => allowed(resolve(t, x, x.region))), [primary]);
  // A notified unit with a copy view needs the key to read; one without a view gets none.
  const copyTargets = notifyTargets.filter((t) => (t.view ?? 'copy') === 'copy');
  // The primary unit reads the case anyway; a chain unit (R11b's ethics) holds the wrap already
  // and reads the copy with it until the case reaches it.
  const copyUnits = dedupe(copyTargets.map((t) => allowed(resolve(t, x, x.region))), [primary]);
  return {
    policyVersion: policy.version,
    ruleId,
    level: baseRegion === policy.nationalRegion ? 'national' : 'region',
    primaryUnit: primary,
    notifyUnits,
    copyUnits,
    escalationChain,
    triageUnit,
    // Notified units only with a copy view (the console's read-only copies page reads with the
    // key); without a view a key would have no use (ARCHITECTURE §4).
    candidateSet: dedupe([primary, ...escalationChain, triageUnit, ...copyUnits]),
    excludedKinds: excluded,
  };
}

function asSet(ids: Iterable<string>): ReadonlySet<string> {
  return ids instanceof Set ? (ids as ReadonlySet<string>) : new Set(ids);
}

/**
 * The unit that takes the case: the first of primary + escalation chain whose DEK wrap exists
 * (the browser may have sealed under an older policy, or a unit had no key), else triage.
 */
export function firstWrappedUnit(route: Route, wrappedUnitIds: Iterable<string>): UnitId {
  const wrapped = asSet(wrappedUnitIds);
  return [route.primaryUnit, ...route.escalationChain].find((u) => wrapped.has(u)) ?? route.triageUnit;
}

/**
 * Where a case held by `currentUnit` escalates: the next unit after it on primary + chain that
 * holds a wrap. Undefined when there is none (the chain is exhausted, or the holder is triage or
 * off-route): the holder's supervisors are alerted instead, a role, not a unit.
 */
export function nextEscalationUnit(route: Route, currentUnit: string, wrappedUnitIds: Iterable<string>): UnitId | undefined {
  const wrapped = asSet(wrappedUnitIds);
  const path = [route.primaryUnit, ...route.escalationChain];
  const at = path.indexOf(currentUnit as UnitId);
  if (at < 0) return undefined;
  return path.slice(at + 1).find((u) => wrapped.has(u));
}
