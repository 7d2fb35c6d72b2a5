import { Case } from '../server/models/Case';
import { disabledInvestigatorIds } from '../server/models/Investigator';
import { Membership } from '../server/models/Membership';
import { serialised } from './claims';
import { pickLeastLoaded } from './memberReservations';

export type PickedMember = { _id: string; investigatorId: string };

/** Members read per pick: every member of any real unit, so reservations can tip the choice. */
const PICK_WINDOW = 500;

/**
 * The active member of the unit with the fewest open cases who is not recused and whose account
 * is not disabled (a suspended investigator must not collect new cases). Members holding
 * a grant of the unit key generation the case was sealed to come first (the others could not
 * open it yet); ties go to the lowest investigator id, so the choice is deterministic (and the
 * index on unit, active, open cases and investigator serves it). Cases this process is routing
 * to a member count as open (workers/memberReservations.ts): with `forCase`, the pick reserves.
 */
export async function pickMember(unitId: string, recused: readonly string[], generation?: number, forCase?: string): Promise<PickedMember | null> {
  const base = { unitId, active: true, removedAt: { $exists: false }, investigatorId: { $nin: [...recused, ...(await disabledInvestigatorIds())] } };
  const pick = (filter: object) =>
    pickLeastLoaded(unitId, forCase, () =>
      Membership.find(filter, { _id: 1, investigatorId: 1, openCases: 1 }).sort({ openCases: 1, investigatorId: 1 }).limit(PICK_WINDOW).lean<(PickedMember & { openCases: number })[]>(),
    );
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

/**
 * Sets members' open-case counters to the open cases they hold, as a safety net for the
 * increments above (exact on MongoDB; FerretDB can lose a concurrent update, and a crash can
 * leave an escalation's counters one off). Runs only while no routing effects are owed, and
 * each fix is guarded on the counter being unchanged since before the count was taken, so a
 * routing that happens meanwhile makes it wait for the next pass instead of being overwritten.
 */
export async function recountOpenCases(owedCount: () => Promise<number>): Promise<number> {
  if ((await owedCount()) > 0) return 0;
  const members = await Membership.find({}, { unitId: 1, investigatorId: 1, openCases: 1, pendingCounts: 1 }).lean<
    { _id: string; unitId: string; investigatorId: string; openCases: number; pendingCounts?: string[] }[]
  >();
  // One $group with one accumulator: what FerretDB computes correctly.
  const held = await Case.aggregate<{ _id: { unitId: string; assigneeId: string }; n: number }>([
    { $match: { routeState: 'routed', status: { $ne: 'closed' }, assigneeId: { $exists: true } } },
    { $group: { _id: { unitId: '$unitId', assigneeId: '$assigneeId' }, n: { $sum: 1 } } },
  ]);
  if ((await owedCount()) > 0) return 0;
  const count = new Map(held.map((h) => [`${h._id.unitId} ${h._id.assigneeId}`, h.n]));
  let fixed = 0;
  for (const m of members) {
    const n = count.get(`${m.unitId} ${m.investigatorId}`) ?? 0;
    if (n === m.openCases || (m.pendingCounts ?? []).length) continue;
    const res = await serialised(`m:${m.unitId}:${m.investigatorId}`, () =>
      Membership.updateOne({ _id: m._id, openCases: m.openCases, pendingCounts: { $size: 0 } }, { $set: { openCases: n } }),
    );
    fixed += res.modifiedCount;
  }
  return fixed;
}
