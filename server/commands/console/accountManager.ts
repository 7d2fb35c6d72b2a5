import { conflict, invalid, notFound } from '../../../core/errors';
import type { CaseChangeListener } from '../../inbox/caseChanges';
import { appendAudit } from '../../audit/appendAudit';
import { Investigator } from '../../models/Investigator';
import { Membership } from '../../models/Membership';
import { Session } from '../../models/Session';
import { issueInvite } from './inviteIssuer';
import { reassignCasesOf } from './membershipManager';

/** Accounts for the administrator's list: no keys, no secrets. */
export async function listAccounts() {
  const people = await Investigator.find({}, { username: 1, displayName: 1, role: 1, state: 1, resetAt: 1, boxPublicKey: 1 }).sort({ username: 1 }).limit(5000).lean<
    { _id: string; username: string; displayName: string; role: string; state: string; resetAt?: Date; boxPublicKey?: string }[]
  >();
  const memberships = await Membership.find({ active: true }, { unitId: 1, investigatorId: 1, role: 1, grants: 1 }).lean<{ _id: string; unitId: string; investigatorId: string; role: string; grants: { generation: number }[] }[]>();
  return people.map((p) => ({
    id: p._id,
    username: p.username,
    displayName: p.displayName,
    role: p.role,
    state: p.state,
    resetAt: p.resetAt ?? null,
    /** For the custodian's `keys grant --to`: public, and compared by fingerprint with the person. */
    boxPublicKey: p.boxPublicKey ?? null,
    memberships: memberships.filter((m) => m.investigatorId === p._id).map((m) => ({ id: m._id, unitId: m.unitId, role: m.role, generations: m.grants.map((g) => g.generation) })),
  }));
}

/**
 * Disables (or re-enables) an account. Disabling is a suspension: sessions end at once, the
 * memberships and key grants stay (re-enabling restores access), the person's open cases go to
 * the other members of each unit (deadlines keep running; nobody must wait for a suspended
 * colleague), and no new case is given to them while disabled. It does NOT rotate unit keys:
 * for a departure or a compromised account, remove the memberships too (docs/console.md §1).
 */
export async function setAccountEnabled(adminId: string, investigatorId: string, enabled: boolean, changes: CaseChangeListener) {
  if (adminId === investigatorId && !enabled) throw invalid('cannot_disable_self', 'You cannot disable your own account.');
  const from = enabled ? 'disabled' : 'active';
  const updated = await Investigator.updateOne({ _id: investigatorId, state: from }, { $set: { state: enabled ? 'active' : 'disabled' } });
  let again = false;
  if (updated.modifiedCount !== 1) {
    const current = await Investigator.findById(investigatorId, { state: 1 }).lean<{ state: string }>();
    if (!current) throw notFound('account_not_found', 'No such account.');
    // Disabling a disabled account again finishes a disabling that was interrupted (cases still held).
    if (enabled || current.state !== 'disabled') throw conflict('account_state', `The account is not ${from}.`);
    again = true;
  }
  let casesReassigned = 0;
  if (!enabled) {
    await Session.deleteMany({ investigatorId });
    for (const m of await activeUnitsOf(investigatorId)) casesReassigned += await reassignCasesOf(m.unitId, investigatorId, changes, 'member_disabled');
  }
  if (!again || casesReassigned > 0) await auditForUnits(investigatorId, adminId, enabled ? 'member.enabled' : 'member.disabled', enabled ? {} : { casesReassigned });
  return { state: enabled ? 'active' : 'disabled', casesReassigned };
}

/**
 * Password reset by an administrator, who cannot recover anyone's keys: the account's keys,
 * verifier and TOTP are discarded, every unit grant becomes void (members grant the unit keys
 * again), sessions end, open cases go to other members, and a new one-time link is issued.
 * The account starts empty; the console says so on the activation page.
 */
export async function resetAccount(adminId: string, investigatorId: string, ttlHours: number, changes: CaseChangeListener) {
  const updated = await Investigator.updateOne(
    { _id: investigatorId, state: { $ne: 'disabled' } },
    {
      $set: { state: 'invited', resetAt: new Date(), totpLastStep: 0, failedLogins: 0 },
      $unset: { authSalt: 1, authVerifier: 1, totpSecret: 1, boxPublicKey: 1, signPublicKey: 1, keysByPassword: 1, keysByRecovery: 1, recoverChallenge: 1, recoverChallengeExpiresAt: 1 },
    },
  );
  if (updated.modifiedCount !== 1) {
    if (!(await Investigator.exists({ _id: investigatorId }))) throw notFound('account_not_found', 'No such account.');
    throw conflict('account_state', 'Enable the account before resetting it.');
  }
  await Session.deleteMany({ investigatorId });
  await voidGrantsOf(investigatorId);
  for (const m of await activeUnitsOf(investigatorId)) await reassignCasesOf(m.unitId, investigatorId, changes, 'member_reset');
  await auditForUnits(investigatorId, adminId, 'member.reset');
  return { token: await issueInvite(investigatorId, 'reset', adminId, ttlHours) };
}

/**
 * Empties the person's unit grants, but first records the generations they held in
 * `heldGenerations` (never cleared): they may have kept the keys, so removing them later must
 * still switch the unit to its standby key. One update per membership, as FerretDB has no
 * update pipelines; grants stored before `heldGenerations` existed are covered here too.
 */
async function voidGrantsOf(investigatorId: string) {
  const memberships = await Membership.find({ investigatorId }, { grants: 1 }).lean<{ _id: string; grants: { generation: number }[] }[]>();
  for (const m of memberships) {
    const held = m.grants.map((g) => g.generation);
    await Membership.updateOne({ _id: m._id }, { $set: { grants: [] }, ...(held.length ? { $addToSet: { heldGenerations: { $each: held } } } : {}) });
  }
}

function activeUnitsOf(investigatorId: string) {
  return Membership.find({ investigatorId, active: true }, { unitId: 1 }).lean<{ unitId: string }[]>();
}

async function auditForUnits(investigatorId: string, actor: string, action: string, extra: Record<string, unknown> = {}) {
  const units = await activeUnitsOf(investigatorId);
  await appendAudit({ scope: 'accounts', actor, action, details: { investigatorId, ...extra } });
  for (const m of units) await appendAudit({ scope: `unit:${m.unitId}`, actor, action, details: { investigatorId, ...extra } });
}
