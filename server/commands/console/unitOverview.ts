import { currentUnitKey, findUnit } from '../../../core/policy';
import { Investigator } from '../../models/Investigator';
import { Membership } from '../../models/Membership';
import { UnitState } from '../../models/UnitState';
import type { PolicyStore } from '../../policy/policyStore';
import { activatedStandby } from '../../policy/standby';
import { activeMemberships } from './caseAccess';

/**
 * The investigator's units: their own key grants (the browser opens them with its X25519 key and
 * checks each against the unit public key of the verified policy), the unit's current key
 * generation, the members still waiting for a grant of it, whom any key holder can grant, and
 * any administrator who added themselves to the unit.
 */
export async function readMyUnits(policies: PolicyStore, investigatorId: string) {
  const { policy } = await policies.current();
  const mine = await activeMemberships(investigatorId);
  const standby = await activatedStandby(policy);
  const units = [];
  for (const m of mine) {
    const current = findUnit(policy, m.unitId) ? currentUnitKey(policy, m.unitId, standby) : undefined;
    const state = await UnitState.findById(m.unitId).lean<{ rotationNeeded?: boolean }>();
    const holdsCurrent = Boolean(current && m.grants.some((g) => g.generation === current.generation));
    units.push({
      unitId: m.unitId,
      role: m.role,
      grants: m.grants.map((g) => ({ generation: g.generation, grant: { v: 1, alg: 'x25519-sealedbox', purpose: 'unit-key', recipientKeyId: g.recipientKeyId, sealed: g.sealed } })),
      currentGeneration: current?.generation ?? null,
      rotationNeeded: Boolean(state?.rotationNeeded),
      /** New cases go to the standby generation, which only the custodian can grant so far. */
      standbyActive: standby[m.unitId] !== undefined,
      pendingMembers: holdsCurrent && current ? await pendingMembers(m.unitId, current.generation) : [],
      selfAddedAdmins: await selfAddedAdmins(m.unitId),
    });
  }
  return { policyVersion: policy.version, units, standby };
}

/** Active, activated members of a unit without a grant of this generation, with their box public keys. */
export async function pendingMembers(unitId: string, generation: number) {
  const waiting = await Membership.find({ unitId, active: true, 'grants.generation': { $ne: generation } }, { investigatorId: 1 }).lean<{ _id: string; investigatorId: string }[]>();
  const people = await Investigator.find({ _id: { $in: waiting.map((w) => w.investigatorId) }, state: 'active' }, { username: 1, displayName: 1, boxPublicKey: 1 }).lean<
    { _id: string; username: string; displayName: string; boxPublicKey: string }[]
  >();
  return people.map((p) => ({ investigatorId: p._id, name: p.displayName || p.username, boxPublicKey: p.boxPublicKey, generation }));
}

/**
 * Administrators who added themselves to the unit (membership `addedBy` is the member): shown to
 * every member on "My units" for as long as that membership lasts, so that nobody joins a unit
 * unseen by the people whose cases it holds (the step is also in the unit's audit trail).
 */
export async function selfAddedAdmins(unitId: string) {
  const members = await Membership.find({ unitId, active: true }, { investigatorId: 1, addedBy: 1, addedAt: 1, role: 1 }).lean<
    { investigatorId: string; addedBy?: string; addedAt?: Date; role: string }[]
  >();
  const selfAdded = members.filter((m) => m.addedBy === m.investigatorId);
  if (selfAdded.length === 0) return [];
  const people = await Investigator.find({ _id: { $in: selfAdded.map((m) => m.investigatorId) } }, { username: 1, displayName: 1 }).lean<{ _id: string; username: string; displayName: string }[]>();
  const nameOf = new Map(people.map((p) => [p._id, p.displayName || p.username]));
  return selfAdded.map((m) => ({ investigatorId: m.investigatorId, name: nameOf.get(m.investigatorId) ?? m.investigatorId, role: m.role, addedAt: m.addedAt ?? null }));
}
