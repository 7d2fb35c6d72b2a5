/**
 * The reporter's own decisions about their person, from the status page: consenting to the
 * reveal of their identity, and making a reward claim (signed here with the key the case code
 * derives; docs/crypto.md §Reward claims). Calls as flow/api.ts makes them: no credentials, no
 * referrer, no cache.
 */
import { signRewardClaim, type CaseSecrets, type RewardClaim } from '../../../core/crypto';
import { caseAuthHeader } from '../../../core/submission';
import { call } from './api';

const post = <T>(path: string, secrets: CaseSecrets, json?: unknown) => call<T>(path, { method: 'POST', json, auth: caseAuthHeader(secrets) });

/** Consent to the reveal of the identity (one legal ground; a supervisor still decides). */
export const giveIdentityConsent = (secrets: CaseSecrets) => post<{ consentedAt: string }>('/api/reports/identity-consent', secrets);

/** Today's date on this device, YYYY-MM-DD (the claim's date). */
export function todayIso(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** A signed reward claim, made here; nothing is sent. */
export function makeRewardClaim(secrets: CaseSecrets, deploymentId: string, claimant: string): RewardClaim {
  return signRewardClaim(secrets.reporterSigningKeyPair, { deploymentId, date: todayIso(), claimant });
}

/** Records the claim in the case history (and registers the key of a case made before claims). */
export const sendRewardClaim = (secrets: CaseSecrets, claim: RewardClaim) => post<{ recorded: true; keyRegisteredLate: boolean }>('/api/reports/reward-claims', secrets, { claim });
