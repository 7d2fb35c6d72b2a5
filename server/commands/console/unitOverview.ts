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
 * generation, and the members still waiting for a grant of it, whom any key holder can grant.
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
