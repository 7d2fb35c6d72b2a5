import { findUnit, standbyUnitKey, type ActivatedStandby, type Policy } from '../../core/policy';
import { UnitState } from '../models/UnitState';

/**
 * Standby unit keys (docs/crypto.md §9): the next key generation of a unit, signed in advance
 * in the policy, whose secret key only the custodian holds. When a member who held the unit key
 * is removed, the server switches the unit to it at once, so new reports are sealed to a key the
 * removed member never had. The switch is server state (UnitState.standbyGeneration), published
 * with the policy so browsers seal to it; browsers accept it only if the signed policy lists
 * that generation as the unit's standby.
 */

/** The standby generations in force, per unit, as far as the given policy lists them. */
export async function activatedStandby(policy: Policy): Promise<ActivatedStandby> {
  const states = await UnitState.find({ standbyGeneration: { $exists: true } }, { standbyGeneration: 1 }).lean<{ _id: string; standbyGeneration: number }[]>();
  const out: Record<string, number> = {};
  for (const s of states) {
    if (findUnit(policy, s._id) && standbyUnitKey(policy, s._id)?.generation === s.standbyGeneration) out[s._id] = s.standbyGeneration;
  }
  return out;
}

/**
 * Switches a unit to its standby key unless the departing member held that generation too (then
 * only a newly signed policy helps). Returns the generation now in force, or undefined.
 */
export async function activateStandby(policy: Policy, unitId: string, heldGenerations: number[]): Promise<number | undefined> {
  const standby = findUnit(policy, unitId) ? standbyUnitKey(policy, unitId) : undefined;
  if (!standby || heldGenerations.includes(standby.generation)) return undefined;
  await UnitState.updateOne({ _id: unitId }, { $set: { standbyGeneration: standby.generation } }, { upsert: true });
  return standby.generation;
}
