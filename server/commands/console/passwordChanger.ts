import { randomBytes } from 'node:crypto';
import { authKeyVerifier, fromB64u, verifyAuthKey, verifyCanonical, type Envelope } from '../../../core/crypto';
import { unauthorized } from '../../../core/errors';
import { recoveryStatement } from '../../../core/consoleRecovery';

export { recoveryStatement };
import { Investigator } from '../../models/Investigator';
import { Session } from '../../models/Session';
import type { AccountDoc } from './accountView';
import type { ConsoleSecrets } from './serverSecrets';
import type { LoginThrottle } from './loginThrottle';
import { consumeTotpStep, totpStep } from './totp';
import { assertServerSecretMatches, wrapKeysByPassword } from './keysAtRest';

export type NewPassword = { authSalt: string; authKey: string; byPassword: Envelope };

/**
 * Password change while signed in: the browser re-locked the private keys under the new
 * password (relockWithNewPassword); the server checks the old authKey and swaps verifier, salt
 * and locked blob in one update guarded on the old verifier. Other sessions end.
 */
export async function changePassword(investigatorId: string, sessionId: string, currentAuthKey: string, next: NewPassword, secrets: ConsoleSecrets) {
  const a = await Investigator.findById(investigatorId).lean<AccountDoc>();
  if (!a?.authVerifier || !verifyAuthKey(currentAuthKey, a.authVerifier, secrets.pepper)) {
    throw unauthorized('password_wrong', 'The current password is wrong.');
  }
  const updated = await Investigator.updateOne(
    { _id: investigatorId, authVerifier: a.authVerifier },
    { $set: { authSalt: next.authSalt, authVerifier: authKeyVerifier(fromB64u(next.authKey, 32), secrets.pepper), keysByPassword: wrapKeysByPassword(secrets, investigatorId, next.byPassword) } },
  );
  if (updated.modifiedCount !== 1) throw unauthorized('password_wrong', 'The password changed meanwhile; sign in again.');
  await Session.deleteMany({ investigatorId, _id: { $ne: sessionId } });
}

const recoverFailed = () => unauthorized('recovery_failed', 'The user name or one-time code is wrong.');

/**
 * Forgotten password, step 1: user name + TOTP code → the keys locked under the recovery key
 * and a one-time challenge. The blob is useless without the 160-bit recovery key.
 */
export async function startRecovery(username: string, code: string, throttle: LoginThrottle) {
  await throttle.before(username);
  const a = await Investigator.findOne({ username }).lean<AccountDoc>();
  const active = a?.state === 'active' && Boolean(a.keysByRecovery);
  const step = totpStep(code, active ? a!.totpSecret : undefined);
  // Counted by throttle.before already; a success here does not forgive it (the recovery is
  // only finished by finishRecovery, which clears the counter).
  if (!active || step === null || !(await consumeTotpStep(a!._id, step))) throw recoverFailed();
  const challenge = randomBytes(32).toString('base64url');
  await Investigator.updateOne({ _id: a!._id }, { $set: { recoverChallenge: challenge, recoverChallengeExpiresAt: new Date(Date.now() + 10 * 60_000) } });
  return { challenge, keys: { v: 1 as const, boxPublicKey: a!.boxPublicKey!, signPublicKey: a!.signPublicKey!, byRecovery: a!.keysByRecovery! } };
}

/**
 * Step 2: the browser opened the keys with the recovery key, so it can sign with the private
 * signing key; the signature over the new password material proves it. The challenge is spent
 * in the same guarded update that installs the new password.
 */
export async function finishRecovery(username: string, challenge: string, signature: string, next: NewPassword, secrets: ConsoleSecrets, throttle: LoginThrottle): Promise<AccountDoc> {
  const a = await Investigator.findOne({ username, state: 'active' }).lean<AccountDoc>();
  const fresh = a?.recoverChallenge === challenge && a.recoverChallengeExpiresAt && a.recoverChallengeExpiresAt.getTime() > Date.now();
  // Finishing under the wrong secret would set up a password the right secret cannot check.
  await assertServerSecretMatches(secrets);
  if (!a || !fresh || !verifyCanonical(recoveryStatement(username, challenge, next), signature, a.signPublicKey!)) {
    await throttle.failed(username);
    throw unauthorized('recovery_failed', 'The recovery could not be verified; start again.');
  }
  const updated = await Investigator.findOneAndUpdate(
    { _id: a._id, recoverChallenge: challenge },
    {
      $set: { authSalt: next.authSalt, authVerifier: authKeyVerifier(fromB64u(next.authKey, 32), secrets.pepper), keysByPassword: wrapKeysByPassword(secrets, a._id, next.byPassword), failedLogins: 0 },
      $unset: { recoverChallenge: 1, recoverChallengeExpiresAt: 1 },
    },
    { returnDocument: 'after' },
  ).lean<AccountDoc>();
  if (!updated) throw unauthorized('recovery_failed', 'The recovery could not be verified; start again.');
  await Session.deleteMany({ investigatorId: a._id });
  await throttle.succeeded(username);
  return updated;
}
