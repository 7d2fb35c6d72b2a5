/**
 * Who can read a report, computed once from the signed policy and shared by the reporter form
 * (the list shown before sending), core/submission (the keys it seals to) and the server (the
 * no-JavaScript form seals with the same code), so the three agree by construction.
 */
import { sealingKeys, type ActivatedStandby, type Policy, type UnitId } from '../policy';
import { routeCase, unitKindOf } from './engine';
import type { Route, RoutingMetadata } from './types';

/**
 * The units whose current key receives the case key (DEK): the route's candidate set (primary,
 * escalation chain, triage, and the notified units the policy gives a read-only copy view; never
 * a conflict-excluded unit, never a notified unit without a view) minus units without a current
 * key, which could not read anyway. In route order.
 */
export function reportReaders(policy: Policy, routing: RoutingMetadata, standby: ActivatedStandby = {}, route: Route = routeCase(policy, routing)): UnitId[] {
  return sealingKeys(policy, route.candidateSet, standby).map((k) => k.unitId);
}

/**
 * The units whose current key receives a confidential reporter's identity key, a subset of
 * `reportReaders`: the receiving unit (the first of primary + escalation chain that has a key,
 * as the route worker assigns it; a kind in `identityExcludedKinds`, e.g. the employer's own
 * compliance, is passed over for the next one) and the triage unit, where a declined case returns
 * and is redirected from. Escalated and transferred units get it only when a member re-seals it
 * in their browser (docs/crypto.md, "Who holds the identity key").
 */
export function identityReaders(policy: Policy, routing: RoutingMetadata, standby: ActivatedStandby = {}, route: Route = routeCase(policy, routing)): UnitId[] {
  const readers = reportReaders(policy, routing, standby, route);
  const never = policy.identityExcludedKinds ?? [];
  const path = [route.primaryUnit, ...route.escalationChain];
  const receiving = path.find((u) => readers.includes(u) && !never.includes(unitKindOf(policy, u)));
  const out = [receiving, route.triageUnit].filter((u): u is UnitId => u !== undefined && readers.includes(u));
  return [...new Set(out)];
}
