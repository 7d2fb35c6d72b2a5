import { Membership } from '../server/models/Membership';
import { serialised } from './claims';

export type PickedMember = { _id: string; investigatorId: string };

/**
 * The active member of the unit with the fewest open cases who is not recused. Members holding
 * a grant of the unit key generation the case was sealed to come first (the others could not
 * open it yet); ties go to the lowest membership id, so the choice is deterministic.
 */
export async function pickMember(unitId: string, recused: readonly string[], generation?: number): Promise<PickedMember | null> {
  const base = { unitId, active: true, removedAt: { $exists: false }, investigatorId: { $nin: [...recused] } };
  const pick = (filter: object) => Membership.findOne(filter, { _id: 1, investigatorId: 1 }).sort({ openCases: 1, _id: 1 }).lean<PickedMember>();
  if (generation !== undefined) {
    const granted = await pick({ ...base, 'grants.generation': generation });
    if (granted) return granted;
  }
  return pick(base);
}

/**
 * Moves one open case between members' counters after an escalation. Not idempotent on its own:
 * the caller runs it once, after its guarded case update won. A crash between that update and
 * this call leaves a counter one off (the counter only orders members; the assignment itself,
 * on the case, is right).
 */
export async function moveOpenCase(from: { unitId?: string; investigatorId?: string }, to: { unitId: string; investigatorId?: string }) {
  const { unitId: fu, investigatorId: fi } = from;
  if (fu && fi) await serialised(`m:${fu}:${fi}`, () => Membership.updateOne({ unitId: fu, investigatorId: fi, openCases: { $gt: 0 } }, { $inc: { openCases: -1 } }));
  const { unitId: tu, investigatorId: ti } = to;
  if (ti) await serialised(`m:${tu}:${ti}`, () => Membership.updateOne({ unitId: tu, investigatorId: ti }, { $inc: { openCases: 1 } }));
}
