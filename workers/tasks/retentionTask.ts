import { CaseBody } from '../../server/models/CaseBody';
import mongoose from 'mongoose';
import { Case } from '../../server/models/Case';
import { Message } from '../../server/models/Message';
import { Note } from '../../server/models/Note';
import { Upload } from '../../server/models/Upload';
import { CaseFile } from '../../server/models/CaseFile';
import { Notification } from '../../server/models/Notification';
import { forgetCaseToken } from '../../server/infra/caseKeys';
import { appendCaseAudit } from '../../server/audit/appendAudit';
import { randomId, roundDown } from '../../server/infra/ids';
import { ATTACHMENT_BUCKET, removeExpiredUploads } from '../../server/commands/attachmentUploader';
import type { WorkerContext } from '../context';

const DAY_MS = 86_400_000;

export type RetentionResult = { purged: number; identitiesPurged: number; uploadsRemoved: number; rewardProofsExpired: number };

/** Outcomes after which a reward may follow (a conviction can come long after a "referred" closure). */
const REWARDABLE_OUTCOMES = ['substantiated', 'referred'];

type RewardFacts = { outcome?: string; finalOutcome?: { at?: Date }; reporterSigningKey?: string };

/**
 * Whether the proof of authorship (the reporter signing public key, with the outcome) outlives the
 * case file: the policy has a reward window, the outcome may lead to a reward, and the window,
 * which runs from the final outcome (not the closure), has not ended. With no final outcome
 * recorded yet the window has not started, so the proof is kept.
 */
export function keepsRewardProof(policyRewards: { windowDays: number } | undefined, c: RewardFacts, now: Date): boolean {
  if (!policyRewards || !c.reporterSigningKey || !REWARDABLE_OUTCOMES.includes(c.outcome ?? '')) return false;
  const finalAt = c.finalOutcome?.at;
  return !finalAt || now.getTime() < new Date(finalAt).getTime() + policyRewards.windowDays * DAY_MS;
}

/**
 * Crypto-shreds one closed case. Order matters: the key wraps and the reporter's verifier go
 * first, in one update, so from that instant nobody can open what remains even if the later
 * deletions fail; then the token's key document (server/infra/caseKeys.ts), so the code leads
 * nowhere; then the ciphertexts, messages, notes, GridFS files and notifications; the audit gets the
 * fact; `purgedAt` (rounded to the day) comes last. Every step is idempotent and the case stays
 * selected until `purgedAt` is set, so a crash midway is finished by the next run.
 */
export async function shredCase(caseId: string, unitId: string | undefined, now: Date, keepRewardProof = false) {
  await Case.updateOne({ _id: caseId }, { $unset: { wraps: 1, 'identity.wraps': 1, notesWraps: 1, authVerifier: 1 } });
  // Then the code's only link to the case (its key document), before the token it is found by
  // is replaced: from here on the code answers exactly like a code never used.
  const stored = await Case.findById(caseId, { caseToken: 1 }).lean<{ caseToken: string }>();
  if (stored && !stored.caseToken.startsWith('purged.')) await forgetCaseToken(stored.caseToken);
  // A fresh random token: the reporter's code no longer points at anything, even as a "this existed".
  await Case.updateOne(
    { _id: caseId },
    // The reporter signing public key (and the outcome, never unset) stay for the reward window.
    { $unset: { body: 1, identity: 1, attachments: 1, reporterPublicKey: 1, submissionHash: 1, identityConsentAt: 1, ...(keepRewardProof ? {} : { reporterSigningKey: 1 }) }, $set: { caseToken: `purged.${randomId()}` } },
  );
  await CaseBody.deleteOne({ _id: caseId });
  await Message.deleteMany({ caseId });
  await Note.deleteMany({ caseId });
  const uploads = await Upload.find({ caseId }, { _id: 1 }).lean<{ _id: string }[]>();
  // Completed files are listed in CaseFile (their upload records are gone): their GridFS goes too.
  const listed = await CaseFile.find({ caseId }, { _id: 1 }).lean<{ _id: string }[]>();
  const fileIds = [...uploads, ...listed].map((u) => u._id);
  const db = mongoose.connection.db!;
  if (fileIds.length) {
    await db.collection(`${ATTACHMENT_BUCKET}.chunks`).deleteMany({ files_id: { $in: fileIds } });
    await db.collection(`${ATTACHMENT_BUCKET}.files`).deleteMany({ _id: { $in: fileIds as never[] } });
  }
  await Upload.deleteMany({ caseId });
  await CaseFile.deleteMany({ caseId });
  // Investigators' notifications point at a case that no longer opens.
  await Notification.deleteMany({ caseId });
  const day = roundDown(now, 24 * 60);
  // Only the fact and the day: no counts, sizes or anything else about what was there.
  await appendCaseAudit(caseId, unitId, { actor: 'system', action: 'purged', at: day, details: {}, onceKey: 'purged' });
  await Case.updateOne({ _id: caseId }, { $set: { purgedAt: day } });
}

/**
 * Retention, run hourly: closed cases past `retention.closedCaseDays` are crypto-shredded;
 * the identity of a reporter whose case closed unsubstantiated is shredded after
 * `retention.identityPurgeDaysUnsubstantiated`; unfinished uploads past their expiry are removed.
 */
export async function runRetention(ctx: WorkerContext, now = ctx.now(), limit = 200): Promise<RetentionResult> {
  const { policy } = await ctx.policies.current(now);
  const cutoff = new Date(now.getTime() - policy.retention.closedCaseDays * DAY_MS);
  const closed = await Case.find({ status: 'closed', closedAt: { $lt: cutoff }, purgedAt: { $exists: false } }, { unitId: 1, outcome: 1, finalOutcome: 1, reporterSigningKey: 1 })
    .limit(limit)
    .lean<({ _id: string; unitId?: string } & RewardFacts)[]>();
  for (const c of closed) {
    await shredCase(c._id, c.unitId, now, keepsRewardProof(policy.rewards, c, now));
    await ctx.caseChanged(c._id);
  }

  const identityCutoff = new Date(now.getTime() - policy.retention.identityPurgeDaysUnsubstantiated * DAY_MS);
  const identities = await Case.find(
    { status: 'closed', outcome: 'unsubstantiated', closedAt: { $lt: identityCutoff }, identity: { $exists: true }, purgedAt: { $exists: false } },
    { unitId: 1 },
  )
    .limit(limit)
    .lean<{ _id: string; unitId?: string }[]>();
  for (const c of identities) {
    await Case.updateOne({ _id: c._id }, { $unset: { 'identity.wraps': 1 } });
    await Case.updateOne({ _id: c._id }, { $unset: { identity: 1 } });
    await appendCaseAudit(c._id, c.unitId, { actor: 'system', action: 'identity_purged', at: roundDown(now, 24 * 60), details: {}, onceKey: 'identity_purged' });
  }
  const rewardProofsExpired = await expireRewardProofs(policy.rewards, now, limit);
  const uploadsRemoved = await removeExpiredUploads(now);
  return { purged: closed.length, identitiesPurged: identities.length, uploadsRemoved, rewardProofsExpired };
}

/** Purged cases whose reward window has ended (from the final outcome) lose the reporter signing key. */
async function expireRewardProofs(policyRewards: { windowDays: number } | undefined, now: Date, limit: number): Promise<number> {
  const kept = await Case.find({ purgedAt: { $exists: true }, reporterSigningKey: { $exists: true } }, { unitId: 1, outcome: 1, finalOutcome: 1, reporterSigningKey: 1 })
    .limit(limit)
    .lean<({ _id: string; unitId?: string } & RewardFacts)[]>();
  const expired = kept.filter((c) => !keepsRewardProof(policyRewards, c, now));
  for (const c of expired) {
    await Case.updateOne({ _id: c._id }, { $unset: { reporterSigningKey: 1, reporterSigningKeyLate: 1 } });
    await appendCaseAudit(c._id, c.unitId, { actor: 'system', action: 'reward_proof_expired', at: roundDown(now, 24 * 60), details: {}, onceKey: 'reward_proof_expired' });
  }
  return expired.length;
}
