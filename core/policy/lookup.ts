/**
 * Read-only queries on a parsed policy: units and their keys, validity, and labels for display.
 * Lookups go through an index built once per policy object (a WeakMap, so it never leaks and
 * the policy itself stays plain JSON data).
 */
import type { Labels, Language } from './labels';
import { labelText } from './labels';
import type { Policy, Unit, UnitId, UnitKey } from './schema';
import { PolicyError } from './errors';

interface PolicyIndex {
  units: Map<string, Unit>;
  labels: Map<string, Labels>;
}

const indexes = new WeakMap<Policy, PolicyIndex>();

function indexOf(policy: Policy): PolicyIndex {
  let ix = indexes.get(policy);
  if (ix) return ix;
  const labels = new Map<string, Labels>();
  const put = (ns: string, id: string, l: Labels) => labels.set(`${ns}:${id}`, l);
  policy.categories.forEach((c) => put('category', c.id, c.labels));
  (policy.sectors ?? []).forEach((s) => put('sector', s.id, s.labels));
  policy.regions.forEach((r) => put('region', r.code, r.labels));
  put('region', 'unknown', policy.routingInputs.region.unknownLabels);
  policy.unitKinds.forEach((k) => put('unitKind', k.id, k.labels));
  policy.units.forEach((u) => put('unit', u.id, u.labels));
  policy.routingInputs.seniority.options.forEach((o) => put('seniority', o.id, o.labels));
  policy.routingInputs.amount.options.forEach((o) => put('amount', o.id, o.labels));
  policy.routingInputs.flags.options.forEach((o) => put('flag', o.id, o.labels));
  ix = { units: new Map(policy.units.map((u) => [u.id as string, u])), labels };
  indexes.set(policy, ix);
  return ix;
}

/** The unit with this id, or undefined. */
export function findUnit(policy: Policy, unitId: string): Unit | undefined {
  return indexOf(policy).units.get(unitId);
}

/** The unit with this id; throws PolicyError('unknown_unit') if the policy has none. */
export function requireUnit(policy: Policy, unitId: string): Unit {
  const unit = findUnit(policy, unitId);
  if (!unit) throw new PolicyError('unknown_unit', `The policy defines no unit "${unitId}".`);
  return unit;
}

/** True if the policy defines this unit (narrows a string to UnitId). */
export function isUnitId(policy: Policy, unitId: string): unitId is UnitId {
  return indexOf(policy).units.has(unitId);
}

/**
 * Unit id → the standby generation the server switched that unit to after a member who held its
 * key was removed (server state, published with the policy). Only a standby key of the signed
 * policy can be named, so a server can at most choose between keys the root signed.
 */
export type ActivatedStandby = Readonly<Record<string, number>>;

/**
 * The key new reports are sealed to: the unit's standby key if `activated` names it, else the
 * highest generation that is neither retired nor standby. Undefined if the unit has no active
 * key yet (the key CLI has not created one). Throws for an unknown unit.
 */
export function currentUnitKey(policy: Policy, unitId: string, activated?: ActivatedStandby): UnitKey | undefined {
  const keys = requireUnit(policy, unitId).keys;
  const switchedTo = activated?.[unitId];
  const standby = switchedTo === undefined ? undefined : keys.find((k) => k.standby && k.generation === switchedTo);
  if (standby) return standby;
  let best: UnitKey | undefined;
  for (const key of keys) {
    if (key.retiredAt === undefined && !key.standby && (!best || key.generation > best.generation)) best = key;
  }
  return best;
}

/** The unit's standby key (signed in advance, not yet granted), if the policy has one. */
export function standbyUnitKey(policy: Policy, unitId: string): UnitKey | undefined {
  return requireUnit(policy, unitId).keys.find((k) => k.standby);
}

/** A given generation of a unit's key, retired or not (to check a wrap names a real key). */
export function unitKeyByGeneration(policy: Policy, unitId: string, generation: number): UnitKey | undefined {
  return findUnit(policy, unitId)?.keys.find((k) => k.generation === generation);
}

/** The current key of each listed unit that has one, in the given order (what the browser seals to). */
export function sealingKeys(policy: Policy, unitIds: readonly string[], activated?: ActivatedStandby): { unitId: UnitId; key: UnitKey }[] {
  const out: { unitId: UnitId; key: UnitKey }[] = [];
  for (const id of unitIds) {
    const unit = findUnit(policy, id);
    const key = unit && currentUnitKey(policy, unit.id, activated);
    if (unit && key) out.push({ unitId: unit.id, key });
  }
  return out;
}

/** True if `at` lies in [validFrom, validUntil). */
export function isPolicyValidAt(policy: Policy, at: Date): boolean {
  const t = at.getTime();
  return t >= Date.parse(policy.validFrom) && t < Date.parse(policy.validUntil);
}

export type LabelNamespace = 'category' | 'sector' | 'region' | 'unitKind' | 'unit' | 'seniority' | 'amount' | 'flag';

/** The labels of a policy item, or undefined if the policy has no such item. */
export function labelsOf(policy: Policy, ns: LabelNamespace, id: string): Labels | undefined {
  return indexOf(policy).labels.get(`${ns}:${id}`);
}

/** Display text of a policy item in `lang`; the raw id if the policy has no such item. */
export function labelOf(policy: Policy, ns: LabelNamespace, id: string, lang: Language | string): string {
  const labels = labelsOf(policy, ns, id);
  return labels ? labelText(labels, lang) : id;
}

export const categoryLabel = (p: Policy, id: string, lang: Language | string) => labelOf(p, 'category', id, lang);
export const sectorLabel = (p: Policy, id: string, lang: Language | string) => labelOf(p, 'sector', id, lang);
/** Region name; 'unknown' gives the form's "I don't know / prefer not to say" text. */
export const regionLabel = (p: Policy, code: string, lang: Language | string) => labelOf(p, 'region', code, lang);
export const unitKindLabel = (p: Policy, id: string, lang: Language | string) => labelOf(p, 'unitKind', id, lang);
export const unitLabel = (p: Policy, id: string, lang: Language | string) => labelOf(p, 'unit', id, lang);
