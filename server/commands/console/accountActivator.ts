import { authKeyVerifier, fromB64u, type LockedInvestigatorKeys } from '../../../core/crypto';
import { conflict, invalid, notFound, unauthorized } from '../../../core/errors';
import { Investigator } from '../../models/Investigator';
import { Invite } from '../../models/Invite';
import { Membership } from '../../models/Membership';
import { appendAudit } from '../../audit/appendAudit';
import { keyFields, type AccountDoc } from './accountView';
import { assertServerSecretMatches } from './keysAtRest';
import type { ConsoleSecrets } from './serverSecrets';
import { tokenHash } from './serverSecrets';
import { newTotpSecret, totpStep, totpUri } from './totp';

type InviteDoc = { _id: string; investigatorId: string; purpose: 'activate' | 'reset'; totpSecret?: string; expiresAt: Date; usedAt?: Date };

const noInvite = () => notFound('invite_not_found', 'This link is not valid: it was used already, replaced, or it expired. Ask an administrator for a new one.');

async function openInvite(token: string): Promise<InviteDoc> {
  const invite = await Invite.findOne({ tokenHash: tokenHash(token) }).lean<InviteDoc>();
  if (!invite || invite.usedAt || invite.expiresAt.getTime() <= Date.now()) throw noInvite();
  return invite;
}

/**
 * What the activation page shows: the account and a TOTP secret to enrol. The secret is drawn
 * the first time the link is opened and kept with the invite until a code confirms it.
 */
export async function readInvite(token: string) {
  const invite = await openInvite(token);
  if (!invite.totpSecret) {
    await Invite.updateOne({ _id: invite._id, totpSecret: { $exists: false } }, { $set: { totpSecret: newTotpSecret() } });
  }
  const fresh = await Invite.findById(invite._id).lean<InviteDoc>();
  const a = await Investigator.findById(invite.investigatorId).lean<AccountDoc>();
  if (!a || !fresh?.totpSecret) throw noInvite();
  return {
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    purpose: invite.purpose,
    totpSecret: fresh.totpSecret,
    totpUri: totpUri(a.username, fresh.totpSecret),
  };
}

/**
 * Activation: the browser generated the key pairs, locked them under the password and the
 * recovery key, and proves the authenticator app works with a code. The invite is spent first
 * (one guarded update), so two tabs racing cannot both activate.
 */
export async function activateAccount(
  input: { token: string; authSalt: string; authKey: string; keys: LockedInvestigatorKeys; totp: string },
  secrets: ConsoleSecrets,
): Promise<AccountDoc> {
  const invite = await openInvite(input.token);
  if (!invite.totpSecret) throw conflict('invite_not_opened', 'Open the link first to get the authenticator secret.');
  const step = totpStep(input.totp, invite.totpSecret);
  if (step === null) throw unauthorized('totp_wrong', 'The one-time code is wrong; check the authenticator app and the clock.');
  // An account set up under the wrong secret would not open once the right one is back.
  await assertServerSecretMatches(secrets);
  const verifier = authKeyVerifier(fromB64u(input.authKey, 32), secrets.pepper);
  const spent = await Invite.updateOne({ _id: invite._id, usedAt: { $exists: false } }, { $set: { usedAt: new Date() } });
  if (spent.modifiedCount !== 1) throw noInvite();
  const updated = await Investigator.findOneAndUpdate(
    { _id: invite.investigatorId, state: 'invited' },
    {
      $set: { state: 'active', authSalt: input.authSalt, authVerifier: verifier, totpSecret: invite.totpSecret, totpLastStep: step, failedLogins: 0, ...keyFields(input.keys, invite.investigatorId, secrets) },
      $unset: { recoverChallenge: 1, recoverChallengeExpiresAt: 1 },
    },
    { returnDocument: 'after' },
  ).lean<AccountDoc>();
  if (!updated) throw invalid('account_not_invited', 'This account is not waiting for activation.');
  const units = await Membership.find({ investigatorId: updated._id, active: true }, { unitId: 1 }).lean<{ unitId: string }[]>();
  for (const m of units) {
    await appendAudit({ scope: `unit:${m.unitId}`, actor: updated._id, action: 'member.activated', details: { investigatorId: updated._id, purpose: invite.purpose } });
  }
  return updated;
}
