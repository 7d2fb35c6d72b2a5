import type { LockedInvestigatorKeys } from '../../../core/crypto';
import { unwrapKeysByPassword, wrapKeysByPassword, type StoredPasswordBlob } from './keysAtRest';
import type { ConsoleSecrets } from './serverSecrets';

/** An account document as the console commands read it. */
export type AccountDoc = {
  _id: string;
  username: string;
  displayName: string;
  role: 'investigator' | 'supervisor' | 'admin';
  state: 'invited' | 'active' | 'disabled';
  authSalt?: string;
  authVerifier?: string;
  totpSecret?: string;
  totpLastStep?: number;
  boxPublicKey?: string;
  signPublicKey?: string;
  /** As stored: wrapped under the server's at-rest key (v 2) or, from before, bare (v 1). */
  keysByPassword?: StoredPasswordBlob;
  keysByRecovery?: LockedInvestigatorKeys['byRecovery'];
  recoverChallenge?: string;
  recoverChallengeExpiresAt?: Date;
  resetAt?: Date;
};

/**
 * What the signed-in browser receives: who it is and its keys, locked under the password (the
 * server's at-rest layer removed: the caller has just proved the password or holds a session).
 */
export function accountView(a: AccountDoc, secrets: ConsoleSecrets) {
  return {
    account: { id: a._id, username: a.username, displayName: a.displayName, role: a.role },
    authSalt: a.authSalt,
    keys: lockedKeysOf(a, secrets),
  };
}

export function lockedKeysOf(a: AccountDoc, secrets: ConsoleSecrets): LockedInvestigatorKeys {
  const byPassword = unwrapKeysByPassword(secrets, a._id, a.keysByPassword!);
  return { v: 1, boxPublicKey: a.boxPublicKey!, signPublicKey: a.signPublicKey!, byPassword, byRecovery: a.keysByRecovery! };
}

/** Mongo $set of a locked key set (activation); the password blob wrapped for storage. */
export function keyFields(keys: LockedInvestigatorKeys, investigatorId: string, secrets: ConsoleSecrets) {
  return { boxPublicKey: keys.boxPublicKey, signPublicKey: keys.signPublicKey, keysByPassword: wrapKeysByPassword(secrets, investigatorId, keys.byPassword), keysByRecovery: keys.byRecovery };
}
