import mongoose from 'mongoose';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { canonicalJson } from '../../core/canonicalJson';
import { conflict, invalid, unavailable } from '../../core/errors';
import type { Policy } from '../../core/policy';
import { routingMetadataIssues } from '../../core/routing/types';
import { Case } from '../models/Case';
import { storeCaseBody } from '../models/CaseBody';
import { InsertBatcher } from '../infra/insertBatcher';
import { roundDown } from '../infra/ids';
import { claimCaseId } from '../infra/caseKeys';
import { withTimeout } from '../infra/mongo';
import type { PolicyStore } from '../policy/policyStore';
import type { QueueFactory } from '../queues/queueFactory';
import type { Logger } from '../logger';
import type { ReportSubmission } from '../schemas/reportSchemas';
import { checkConflictExclusions, checkUnitWraps } from '../policy/unitWraps';
import { redeemPowChallenge, type PowTokenSettings } from './proofOfWork';

/** Cases are inserted in group commits: under load, many reports in one insertMany (infra/insertBatcher.ts). */
const caseInserts = new InsertBatcher(() => mongoose.connection.db!.collection(Case.collection.collectionName));

/** `pow`: how browser submissions' proofs of work are checked (server/commands/powConfig.ts); the no-JavaScript form has none. */
export type ReportSubmitterDeps = { policies: PolicyStore; redis: Redis; queues: QueueFactory; queuePrefix: string; logger: Logger; now?: () => Date; pow?: PowTokenSettings };
export type SubmitResult = { created: boolean; caseId: string; receivedAt: Date };
/**
 * A report sealed on the server by the no-JavaScript form (server/noJs): no proof of work (the
 * form's global budget stands in for it), and the case is marked so investigators know.
 */
export type ServerSealedSubmission = Omit<ReportSubmission, 'pow'> & { sealedBy: 'server' };

/** Rejects routing choices that are not options of the signed policy the browser used. */
function checkRoutingAgainstPolicy(policy: Policy, routing: ReportSubmission['routing']) {
  const issues = routingMetadataIssues(policy, routing);
  if (issues.length) throw invalid('invalid_routing', `Routing choices not offered by policy version ${policy.version}: ${issues.map((i) => i.split(':')[0]).join(', ')}.`);
}

/**
 * Accepts an encrypted report: checks it against the signed policy, redeems the proof of work,
 * stores the case, then queues routing. The case is written BEFORE the job is queued; if Redis
 * is down the reconciler queues it later, so an accepted report is never lost.
 * Idempotent: the same submission retried returns the stored case (created=false).
 */
export async function submitReport(deps: ReportSubmitterDeps, submission: ReportSubmission | ServerSealedSubmission): Promise<SubmitResult> {
  const now = deps.now?.() ?? new Date();
  const loaded = await deps.policies.byVersion(submission.policyVersion);
  if (!loaded) throw invalid('unknown_policy_version', `Policy version ${submission.policyVersion} is not known.`);
  const { policy } = loaded;
  if (!(new Date(policy.validFrom) <= now && now < new Date(policy.validUntil))) {
    throw invalid('policy_version_expired', `Policy version ${policy.version} is not valid now; reload the page.`);
  }
  checkRoutingAgainstPolicy(policy, submission.routing);
  await checkUnitWraps(deps.policies, submission.identity ? [submission.wraps, submission.identity.wraps] : [submission.wraps], { at: now });
  checkConflictExclusions([policy, (await deps.policies.current(now)).policy], submission.routing, { dek: submission.wraps, identity: submission.identity?.wraps });

  // `pad` (length padding) is left out: it is neither content nor stored.
  const { pow, pad, sealedBy = 'browser', ...content } = submission as ReportSubmission & { sealedBy?: 'server' };
  const submissionHash = createHash('sha256').update(canonicalJson(content)).digest('base64url');
  // The proof first, bound to this submission (a retried request passes again), then the token's
  // key: a fresh key means no case can exist yet, so a new report reads nothing it cannot find.
  // (On the embedded engine, a lookup by `_id` that finds nothing scans the whole collection.)
  if (sealedBy === 'browser') {
    if (!deps.pow) throw unavailable('pow_not_configured', 'Proof-of-work challenges are not configured on this server.');
    await redeemPowChallenge(deps.redis, deps.pow, 'submit', pow, Date.now(), submissionHash);
  }
  // A random id, linked to the token only by the key document a purge deletes. A token whose
  // key exists without its case (a crash between the two writes) keeps that id.
  const { caseId, fresh } = await claimCaseId(submission.caseToken);
  if (!fresh) {
    const existing = await Case.findById(caseId, { _id: 1, submissionHash: 1, receivedAt: 1 }).lean<{ _id: string; submissionHash: string; receivedAt: Date }>();
    if (existing) return sameOrConflict(existing, submissionHash);
  }
  const receivedAt = roundDown(now, policy.timeRoundingMinutes);
  // The body first, in its own collection: a case never exists without it.
  await storeCaseBody(caseId, submission.body);
  try {
    const kase = new Case({
      _id: caseId,
      caseToken: submission.caseToken,
      authVerifier: submission.authVerifier,
      reporterPublicKey: submission.reporterPublicKey,
      reporterSigningKey: submission.reporterSigningKey,
      submissionHash,
      policyVersion: policy.version,
      routing: { ...submission.routing, flags: [...submission.routing.flags].sort() },
      confidential: Boolean(submission.identity),
      sealedBy,
      wraps: submission.wraps,
      identity: submission.identity,
      attachmentsExpected: submission.attachments,
      receivedAt,
      timeline: [{ kind: 'received', at: receivedAt, status: 'received' }],
    });
    await kase.validate();
    await caseInserts.insert({ ...kase.toBSON(), rev: 0 }); // as Case.create would store it (versionKey `rev`)
  } catch (err) {
    // Two retries racing: the unique _id (and caseToken) index lets one insert win.
    if ((err as { code?: number }).code === 11000) {
      const winner = await Case.findById(caseId, { _id: 1, submissionHash: 1, receivedAt: 1 }).lean<{ _id: string; submissionHash: string; receivedAt: Date }>();
      if (winner) return sameOrConflict(winner, submissionHash);
    }
    throw err;
  }
  try {
    // Bounded: with Redis down, BullMQ would wait for it indefinitely. A completed route job is
    // removed at once: kept, its exact timestamps in Redis would date the submission.
    await withTimeout(deps.queues.enqueue('case.route', { caseId }, { jobId: `route-${caseId}`, removeOnComplete: true }), 2000);
  } catch {
    deps.logger.warn('route job not queued; the reconciler will queue it');
  }
  return { created: true, caseId, receivedAt };
}

function sameOrConflict(existing: { _id: string; submissionHash: string; receivedAt: Date }, submissionHash: string): SubmitResult {
  if (existing.submissionHash !== submissionHash) throw conflict('case_exists', 'A different report already uses this case code.');
  return { created: false, caseId: existing._id, receivedAt: existing.receivedAt };
}
