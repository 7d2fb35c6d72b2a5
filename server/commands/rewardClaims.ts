import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonicalJson';
import { rewardClaimProblem, verifyRewardClaim, type RewardClaim } from '../../core/crypto';
import { conflict, invalid } from '../../core/errors';
import { appendCaseAudit } from '../audit/appendAudit';
import { auditReporterEvent } from '../audit/reporterAudit';
import { roundDown } from '../infra/ids';
import { Case } from '../models/Case';
import type { PolicyStore } from '../policy/policyStore';

/** The fingerprint a claim is recorded by: SHA-256 of its canonical JSON (the statement's name or IIN is never stored). */
export const claimFingerprint = (claim: RewardClaim) => createHash('sha256').update(canonicalJson(claim)).digest('base64url').slice(0, 22);

/** Checks a claim's signature and deployment (400 `claim_invalid`, `claim_wrong_deployment`). */
export async function checkClaim(policies: PolicyStore, claim: unknown): Promise<RewardClaim> {
  const problem = rewardClaimProblem(claim);
  if (problem) throw invalid('claim_invalid', `The reward claim does not verify (${problem}).`);
  const { policy } = await policies.current();
  const c = claim as RewardClaim;
  if (c.statement.deploymentId !== policy.deploymentId) throw invalid('claim_wrong_deployment', 'The reward claim was made for another deployment.');
  return c;
}

/**
 * Records a verified reward claim on its case (from the console, or sent by the reporter): the
 * claim must be signed by the case's stored reporter signing key. The timeline gets the day and
 * the audit the fingerprint: never the claimant's name or IIN. Grants nothing: a claim is not a
 * case credential. Recording the same claim again changes nothing.
 */
export async function recordRewardClaim(policies: PolicyStore, caseId: string, claim: unknown, actor: string) {
  const checked = await checkClaim(policies, claim);
  const kase = await Case.findById(caseId, { reporterSigningKey: 1, unitId: 1, purgedAt: 1 }).lean<{ reporterSigningKey?: string; unitId?: string }>();
  if (!kase?.reporterSigningKey) throw conflict('no_signing_key', 'This case holds no reporter signing key to check a claim against.');
  if (!verifyRewardClaim(checked, kase.reporterSigningKey)) throw invalid('claim_other_case', 'The reward claim was signed for another case.');
  const fingerprint = claimFingerprint(checked);
  const { policy } = await policies.current();
  // The fingerprint list makes a repeated record a no-op (one timeline entry per claim).
  const at = roundDown(new Date(), policy.timeRoundingMinutes);
  await Case.updateOne({ _id: caseId, rewardClaims: { $ne: fingerprint } }, { $push: { rewardClaims: fingerprint, timeline: { kind: 'reward_claim', at } } });
  const details = { claim: fingerprint, date: checked.statement.date };
  // Sent by the reporter: held to the end of its rounding bucket, like every reporter-caused entry.
  if (actor === 'reporter') await auditReporterEvent(policies, caseId, kase.unitId, 'reward_claim.recorded', `reward_claim:${fingerprint}`, details);
  else await appendCaseAudit(caseId, kase.unitId, { actor, action: 'reward_claim.recorded', details, onceKey: `reward_claim:${fingerprint}` });
  return { valid: true, caseRef: checked.statement.caseRef, date: checked.statement.date, claimant: checked.statement.claimant, fingerprint };
}

/** Claims per case: each adds a timeline entry, so a flood is bounded. */
export const MAX_CLAIMS_PER_CASE = 20;

/**
 * A reward claim sent by the reporter from the status page (authenticated with the case code's
 * secrets). A case made before reward claims has no signing key: the first claim registers its
 * key, marked as registered late (the console shows it: such a key proves only that the claimant
 * held the code when registering, not at submission).
 */
export async function sendRewardClaim(policies: PolicyStore, caseId: string, claim: unknown) {
  const checked = await checkClaim(policies, claim);
  const kase = await Case.findById(caseId, { reporterSigningKey: 1, rewardClaims: 1, unitId: 1 }).lean<{ reporterSigningKey?: string; rewardClaims?: string[]; unitId?: string }>();
  if ((kase?.rewardClaims?.length ?? 0) >= MAX_CLAIMS_PER_CASE) throw conflict('too_many_claims', `A case takes at most ${MAX_CLAIMS_PER_CASE} reward claims.`);
  let keyRegisteredLate = false;
  if (kase && !kase.reporterSigningKey) {
    const set = await Case.updateOne({ _id: caseId, reporterSigningKey: { $exists: false } }, { $set: { reporterSigningKey: checked.publicKey, reporterSigningKeyLate: true } });
    if (set.modifiedCount === 1) {
      keyRegisteredLate = true;
      await auditReporterEvent(policies, caseId, kase.unitId, 'reward_claim.key_registered', 'signing_key');
    }
  }
  const recorded = await recordRewardClaim(policies, caseId, checked, 'reporter');
  return { ...recorded, keyRegisteredLate };
}

/**
 * The console's claim check when the case is not known: finds the case by the claim's key and
 * says whether the claim verifies and which unit holds the case; the case id only to members of
 * that unit (a claim opens nothing).
 */
export async function findClaimCase(policies: PolicyStore, claim: unknown, memberOfUnits: string[]) {
  const checked = await checkClaim(policies, claim);
  const kase = await Case.findOne({ reporterSigningKey: checked.publicKey }, { _id: 1, unitId: 1, status: 1, outcome: 1, finalOutcome: 1, reporterSigningKeyLate: 1 }).lean<{
    _id: string;
    unitId?: string;
    status: string;
    outcome?: string;
    finalOutcome?: { result?: string; at?: Date };
    reporterSigningKeyLate?: boolean;
  }>();
  const statement = { caseRef: checked.statement.caseRef, date: checked.statement.date, claimant: checked.statement.claimant };
  if (!kase) return { valid: true, found: false, ...statement };
  const mine = Boolean(kase.unitId && memberOfUnits.includes(kase.unitId));
  return {
    valid: true,
    found: true,
    ...statement,
    unitId: kase.unitId ?? null,
    caseId: mine ? kase._id : null,
    status: kase.status,
    outcome: kase.outcome ?? null,
    finalOutcome: kase.finalOutcome?.result ?? null,
    keyRegisteredLate: Boolean(kase.reporterSigningKeyLate),
  };
}
