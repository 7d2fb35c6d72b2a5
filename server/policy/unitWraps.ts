import { keyIdOf } from '../../core/crypto';
import { conflict, invalid } from '../../core/errors';
import { currentUnitKey, findUnit } from '../../core/policy';
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
