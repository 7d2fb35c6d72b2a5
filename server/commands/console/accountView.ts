import type { LockedInvestigatorKeys } from '../../../core/crypto';

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
  keysByPassword?: LockedInvestigatorKeys['byPassword'];
  keysByRecovery?: LockedInvestigatorKeys['byRecovery'];
  recoverChallenge?: string;
  recoverChallengeExpiresAt?: Date;
  resetAt?: Date;
};

/** What the signed-in browser receives: who it is and its keys, locked (opened only in the page). */
export function accountView(a: AccountDoc) {
  return {
    account: { id: a._id, username: a.username, displayName: a.displayName, role: a.role },
    authSalt: a.authSalt,
    keys: lockedKeysOf(a),
  };
}

export function lockedKeysOf(a: AccountDoc): LockedInvestigatorKeys {
  return { v: 1, boxPublicKey: a.boxPublicKey!, signPublicKey: a.signPublicKey!, byPassword: a.keysByPassword!, byRecovery: a.keysByRecovery! };
}

/** Mongo $set of a locked key set (activation). */
export function keyFields(keys: LockedInvestigatorKeys) {
  return { boxPublicKey: keys.boxPublicKey, signPublicKey: keys.signPublicKey, keysByPassword: keys.byPassword, keysByRecovery: keys.byRecovery };
}
