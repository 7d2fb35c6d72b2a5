import { keyIdOf } from '../../../core/crypto';
import { conflict, forbidden, invalid, notFound } from '../../../core/errors';
import { unitKeyByGeneration } from '../../../core/policy';
import { appendAudit } from '../../audit/appendAudit';
import { Investigator } from '../../models/Investigator';
import { Membership } from '../../models/Membership';
import type { PolicyStore } from '../../policy/policyStore';
import type { MembershipDoc } from './caseAccess';

export type UnitKeyGrant = { v: 1; alg: 'x25519-sealedbox'; purpose: 'unit-key'; recipientKeyId: string; sealed: string };

/**
 * Stores a unit-key grant for a member: the unit secret key of one generation sealed to the
 * member's X25519 public key (grantUnitKey) by another member's browser or the custodian CLI.
 * The server checks what it can without keys: the generation is in a signed policy, the grant
 * is addressed to the member's current public key, and the member has none for it yet. The
 * member's browser checks the rest (openUnitKeyGrant against the unit public key of the policy).
 */
export async function storeUnitKeyGrant(
  policies: PolicyStore,
  target: { unitId: string; investigatorId: string },
  generation: number,
  grant: UnitKeyGrant,
  grantedBy: string,
) {
  const { policy } = await policies.current();
  if (!unitKeyByGeneration(policy, target.unitId, generation)) throw invalid('unknown_unit_key', `Unit ${target.unitId} has no key generation ${generation} in policy version ${policy.version}.`);
  const member = await Membership.findOne({ ...target, active: true }).lean<MembershipDoc>();
  if (!member) throw notFound('member_not_found', 'This person is not an active member of the unit.');
  const person = await Investigator.findById(target.investigatorId, { boxPublicKey: 1, state: 1 }).lean<{ boxPublicKey?: string; state: string }>();
  if (person?.state !== 'active' || !person.boxPublicKey) throw conflict('member_not_activated', 'The member has not activated the account yet.');
  if (grant.recipientKeyId !== keyIdOf(person.boxPublicKey)) throw invalid('grant_key_mismatch', "The grant is not sealed to this member's current public key.");
  const stored = await Membership.updateOne(
    { _id: member._id, active: true, 'grants.generation': { $ne: generation } },
    // `heldGenerations` outlives the grant (a reset empties `grants`): removal rotates on it.
    { $push: { grants: { generation, sealed: grant.sealed, recipientKeyId: grant.recipientKeyId, grantedBy } }, $addToSet: { heldGenerations: generation } },
  );
  if (stored.modifiedCount !== 1) throw conflict('grant_exists', 'The member already holds this key generation.');
  await appendAudit({ scope: `unit:${target.unitId}`, actor: grantedBy, action: 'unit_key.granted', details: { investigatorId: target.investigatorId, generation } });
  return { generation };
}

/** A member grants the unit key to a pending member: the granter must hold that generation. */
export async function grantByMember(policies: PolicyStore, unitId: string, granterId: string, investigatorId: string, generation: number, grant: UnitKeyGrant) {
  const granter = await Membership.findOne({ unitId, investigatorId: granterId, active: true }).lean<MembershipDoc>();
  if (!granter) throw notFound('unit_not_found', 'You are not a member of this unit.');
  if (!granter.grants.some((g) => g.generation === generation)) throw forbidden('no_key_to_grant', 'You do not hold this key generation yourself.');
  return storeUnitKeyGrant(policies, { unitId, investigatorId }, generation, grant, granterId);
}
