import { keyIdOf } from '../../core/crypto';
import { conflict, invalid } from '../../core/errors';
import { currentUnitKey, findUnit, type Policy } from '../../core/policy';
import { excludedKinds, isExcludedUnit, unitKindOf, type RoutingMetadata } from '../../core/routing';
import { activatedStandby } from './standby';
import type { PolicyStore } from './policyStore';
import type { UnitWrap } from '../schemas/common';

/**
 * Every wrap a browser hands in must address a unit key generation of a valid signed policy,
 * and its recipientKeyId must be that key's id. Used by report intake and by the console (notes,
 * transfers), so a database-only attacker cannot slip in a wrap for
 * a key of their own, and a browser bug cannot seal to the wrong key unnoticed. `currentOnly`
 * also requires the unit's current generation in the newest policy (rotation: old keys may leak).
 * Always: once a unit was switched to its standby key (a key holder left), a wrap for an older
 * generation of that unit is refused with 409 `unit_key_rotated`: the browser reloads the policy.
 * Each list holds the wraps of one key (DEK, identity key, notes key): at most one per unit.
 */
export async function checkUnitWraps(policies: PolicyStore, lists: UnitWrap[][], options: { currentOnly?: boolean; at?: Date } = {}) {
  const at = options.at ?? new Date();
  const { policy } = await policies.current(at);
  const activated = await activatedStandby(policy);
  for (const wraps of lists) {
    const units = wraps.map((w) => w.unitId);
    const twice = units.find((u, i) => units.indexOf(u) !== i);
    if (twice) throw invalid('duplicate_wrap', `Two wraps for unit ${twice}.`);
  }
  for (const w of lists.flat()) {
    const publicKey = await policies.validUnitKey(w.unitId, w.generation, at);
    if (!publicKey) throw invalid('unknown_unit_key', `Unit key ${w.unitId} generation ${w.generation} is not in a valid signed policy.`);
    const switchedTo = activated[w.unitId];
    if (switchedTo !== undefined && w.generation < switchedTo) {
      throw conflict('unit_key_rotated', `Unit ${w.unitId} now takes new cases under key generation ${switchedTo}; reload the policy.`);
    }
    // New wraps made in the console go to the key new reports use, never to an older generation.
    if (options.currentOnly && (!findUnit(policy, w.unitId) || currentUnitKey(policy, w.unitId, activated)?.generation !== w.generation)) {
      throw invalid('not_current_unit_key', `Wrap for ${w.unitId} with its current key generation from policy version ${policy.version}.`);
    }
    if (w.wrap.recipientKeyId !== keyIdOf(publicKey)) throw invalid('wrap_key_mismatch', `The wrap for ${w.unitId} is not addressed to that unit's key.`);
  }
}

/**
 * Conflict exclusion, enforced at intake (docs/policy.md §3): the routing answers are plaintext,
 * so the server knows which unit kinds the signed policy keeps away from this case. A wrap of the
 * case key (or of the identity key) to such a unit, or an identity wrap to a kind that never
 * receives identities, is refused with 400 `excluded_unit_wrap` before anything is stored.
 * Checked against every policy given: the version the browser used and the current one, so a
 * newer exclusion applies to submissions still made under an older version.
 */
export function checkConflictExclusions(policies: readonly Policy[], routing: RoutingMetadata, wraps: { dek: readonly UnitWrap[]; identity?: readonly UnitWrap[] }) {
  for (const policy of policies) {
    const excluded = excludedKinds(policy, routing);
    const identityNever = policy.identityExcludedKinds ?? [];
    for (const w of [...wraps.dek, ...(wraps.identity ?? [])]) {
      if (excluded.includes(unitKindOf(policy, w.unitId))) {
        throw invalid('excluded_unit_wrap', `Unit ${w.unitId} must not receive this case: the policy excludes it for these routing answers.`);
      }
    }
    for (const w of wraps.identity ?? []) {
      if (identityNever.includes(unitKindOf(policy, w.unitId))) throw invalid('excluded_unit_wrap', `Unit ${w.unitId} must never receive a reporter's identity.`);
    }
  }
}

/** Refuses to move a case to a unit its routing answers exclude (400 `excluded_unit`): transfers, declines, escalations. */
export function checkMoveTarget(policy: Policy, routing: RoutingMetadata, unitId: string) {
  if (isExcludedUnit(policy, routing, unitId)) {
    throw invalid('excluded_unit', `Unit ${unitId} must not receive this case: the policy excludes it for these routing answers (conflict of interest).`);
  }
}
