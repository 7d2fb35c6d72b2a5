import { conflict, invalid, notFound } from '../../../core/errors';
import type { CaseChangeListener } from '../../inbox/caseChanges';
import { currentUnitKey, findUnit } from '../../../core/policy';
import { appendAudit } from '../../audit/appendAudit';
import { randomId } from '../../infra/ids';
import { Case } from '../../models/Case';
import { Investigator } from '../../models/Investigator';
import { Membership } from '../../models/Membership';
import { UnitState } from '../../models/UnitState';
import type { PolicyStore } from '../../policy/policyStore';
import { activateStandby } from '../../policy/standby';
import { moveOpenCount, pickAssignee } from './caseWork';

/** An administrator adds a person to a unit; the membership is pending until someone grants the key. */
export async function addMember(policies: PolicyStore, adminId: string, unitId: string, investigatorId: string, role: 'member' | 'supervisor') {
  const { policy } = await policies.current();
  if (!findUnit(policy, unitId)) throw invalid('unknown_unit', `The policy has no unit ${unitId}.`);
  if (!(await Investigator.exists({ _id: investigatorId }))) throw notFound('account_not_found', 'No such account.');
  const existing = await Membership.findOne({ unitId, investigatorId }).lean<{ _id: string; active: boolean }>();
  if (existing?.active) throw conflict('already_member', 'This person is already a member of the unit.');
  const id = existing?._id ?? randomId();
  if (existing) {
    // Rejoining starts without grants: keys held before the removal are not trusted again.
    await Membership.updateOne({ _id: id, active: false }, { $set: { active: true, role, grants: [], addedBy: adminId, addedAt: new Date(), openCases: 0 }, $unset: { removedAt: 1 } });
  } else {
    await Membership.create({ _id: id, unitId, investigatorId, role, active: true, grants: [], addedBy: adminId, addedAt: new Date() });
  }
  // An administrator who adds themselves could otherwise sit in a unit unnoticed: the entry says
  // so, and the unit's members see it on "My units" for as long as the membership lasts.
  const selfAdded = adminId === investigatorId;
  await appendAudit({ scope: `unit:${unitId}`, actor: adminId, action: selfAdded ? 'member.self_added' : 'member.added', details: { investigatorId, role, selfAdded } });
  if (selfAdded) await appendAudit({ scope: 'accounts', actor: adminId, action: 'member.self_added', details: { investigatorId, unitId, role } });
  return { membershipId: id, selfAdded };
}

/**
 * Removes a member. They may have kept the unit secret key, so the unit's key rotates for new
 * cases at once: the unit switches to its standby generation, signed in advance and held only by
 * the custodian (server/policy/standby.ts), when the policy has one the member never held. The
 * unit is also marked `rotationNeeded`: the custodian grants the standby to the remaining members
 * and later signs a policy with a newer generation (policyUploader clears the flag).
 */
export async function removeMember(policies: PolicyStore, adminId: string, membershipId: string, changes: CaseChangeListener) {
  const m = await Membership.findOneAndUpdate({ _id: membershipId, active: true }, { $set: { active: false, removedAt: new Date() } }, { returnDocument: 'after' }).lean<{
    unitId: string;
    investigatorId: string;
    grants: { generation: number }[];
    heldGenerations?: number[];
  }>();
  if (!m) throw notFound('member_not_found', 'No such active membership.');
  const { policy } = await policies.current();
  const generation = findUnit(policy, m.unitId) ? currentUnitKey(policy, m.unitId)?.generation : undefined;
  // Everything the person was ever granted, not only today's grants: a reset empties `grants`,
  // but whoever held a key may have kept it.
  const held = [...new Set([...m.grants.map((g) => g.generation), ...(m.heldGenerations ?? [])])];
  const heldKey = held.length > 0;
  let standbyGeneration: number | undefined;
  if (heldKey) {
    await UnitState.updateOne(
      { _id: m.unitId },
      { $set: { rotationNeeded: true, rotateFrom: generation ?? 0, reason: 'member_removed', since: new Date() }, $max: { rotateAbove: Math.max(...held) } },
      { upsert: true },
    );
    standbyGeneration = await activateStandby(policy, m.unitId, held);
  }
  const moved = await reassignCasesOf(m.unitId, m.investigatorId, changes);
  await appendAudit({ scope: `unit:${m.unitId}`, actor: adminId, action: 'member.removed', details: { investigatorId: m.investigatorId, rotationNeeded: heldKey, standbyGeneration: standbyGeneration ?? null, casesReassigned: moved } });
  return { unitId: m.unitId, rotationNeeded: heldKey, standbyGeneration: standbyGeneration ?? null };
}

/**
 * Gives the open cases a member was assigned in a unit to the remaining members (their account
 * is leaving the unit, was reset, or was disabled: `cause` is written to each case's audit).
 */
export async function reassignCasesOf(unitId: string, investigatorId: string, changes: CaseChangeListener, cause: 'member_removed' | 'member_reset' | 'member_disabled' = 'member_removed'): Promise<number> {
  const cases = await Case.find({ unitId, assigneeId: investigatorId, status: { $ne: 'closed' } }, { _id: 1, recusedIds: 1 }).limit(10_000).lean<{ _id: string; recusedIds?: string[] }[]>();
  let moved = 0;
  for (const c of cases) {
    const next = await pickAssignee(unitId, [investigatorId, ...(c.recusedIds ?? [])]);
    const update = next ? { $set: { assigneeId: next }, $inc: { rev: 1 } } : { $unset: { assigneeId: 1 }, $inc: { rev: 1 } };
    const done = await Case.updateOne({ _id: c._id, unitId, assigneeId: investigatorId }, update);
    if (done.modifiedCount === 1) {
      moved++;
      await changes.caseChanged(c._id);
      await moveOpenCount(undefined, undefined, unitId, next);
      await appendAudit({ scope: `case:${c._id}`, actor: 'system', action: 'case.assigned', details: { from: investigatorId, to: next ?? null, cause } });
    }
  }
  return moved;
}
