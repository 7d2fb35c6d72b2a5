import { conflict, forbidden, invalid, notFound } from '../../../core/errors';
import { unitKindOf } from '../../../core/routing';
import { appendCaseAudit } from '../../audit/appendAudit';
import { randomId, roundDown } from '../../infra/ids';
import { Case } from '../../models/Case';
import { Investigator } from '../../models/Investigator';
import { RevealRequest, type RevealRequestDoc } from '../../models/RevealRequest';
import type { PolicyStore } from '../../policy/policyStore';
import { caseForMember, type ConsoleCase } from './caseAccess';

export type RevealDeps = { policies: PolicyStore };

const identityWrapsOf = (kase: ConsoleCase) => (kase.identity?.wraps ?? []).filter((w) => w.unitId === kase.unitId);

/** The case must hold an identity its current unit can open. */
function requireIdentity(kase: ConsoleCase) {
  if (!kase.confidential || !kase.identity?.sealed || identityWrapsOf(kase).length === 0) throw notFound('no_identity', 'This case has no identity your unit can open.');
}

/** What the console shows of a request: ids, ground and states only. */
const present = (r: RevealRequestDoc) => ({
  id: r._id,
  requesterId: r.requesterId,
  ground: r.ground,
  state: r.state,
  requestedAt: r.requestedAt,
  decidedBy: r.decidedBy ?? null,
  decidedAt: r.decidedAt ?? null,
  releasedAt: r.releasedAt ?? null,
});

/**
 * A member asks to reveal the identity on one of the signed policy's legal grounds. The ground
 * `reporter_consent` needs the reporter's consent from the status page. One open request per
 * member and case. Audited; reveals nothing.
 */
export async function requestReveal(deps: RevealDeps, caseId: string, requesterId: string, ground: string) {
  const { kase } = await caseForMember(caseId, requesterId);
  requireIdentity(kase);
  const { policy } = await deps.policies.current();
  const grounds = policy.identityDisclosure?.grounds.map((g) => g.id) ?? [];
  if (grounds.length === 0) throw conflict('reveal_not_configured', 'The signed policy names no legal ground for revealing an identity.');
  if (!grounds.includes(ground)) throw invalid('unknown_ground', `"${ground}" is not a legal ground of the policy.`);
  if (ground === 'reporter_consent' && !(kase as ConsoleCase & { identityConsentAt?: Date }).identityConsentAt) {
    throw conflict('no_reporter_consent', 'The reporter has not consented to the reveal.');
  }
  const open = await RevealRequest.findOne({ caseId, requesterId, state: { $in: ['pending', 'approved'] } }, { _id: 1 }).lean();
  if (open) throw conflict('reveal_request_open', 'You already have an open reveal request for this case.');
  const request: RevealRequestDoc = { _id: randomId(), caseId, unitId: kase.unitId!, requesterId, ground, state: 'pending', requestedAt: new Date() };
  await RevealRequest.create(request);
  await appendCaseAudit(caseId, kase.unitId, { actor: requesterId, action: 'identity.reveal_requested', details: { requestId: request._id, ground } });
  return present(request);
}

/** The reveal requests of a case, newest first (for members of its unit). */
export async function listRevealRequests(caseId: string, investigatorId: string) {
  await caseForMember(caseId, investigatorId);
  const list = await RevealRequest.find({ caseId }).sort({ requestedAt: -1 }).limit(50).lean<RevealRequestDoc[]>();
  return { requests: list.map(present) };
}

/**
 * A supervisor of the case's unit approves or rejects a pending request. Never the requester:
 * the reveal is a decision of two people. Guarded update, so two deciders cannot both win.
 */
export async function decideReveal(caseId: string, requestId: string, deciderId: string, decision: 'approve' | 'reject') {
  const { kase } = await caseForMember(caseId, deciderId, { supervisor: true });
  const request = await RevealRequest.findOne({ _id: requestId, caseId }).lean<RevealRequestDoc>();
  if (!request) throw notFound('reveal_request_not_found', 'No such reveal request on this case.');
  if (request.requesterId === deciderId) throw forbidden('own_reveal_request', 'Another person must decide on your own reveal request.');
  if (request.unitId !== kase.unitId) throw conflict('reveal_request_stale', 'The case moved to another unit after this request: ask again.');
  const state = decision === 'approve' ? 'approved' : 'rejected';
  const decided = await RevealRequest.findOneAndUpdate(
    { _id: requestId, state: 'pending' },
    { $set: { state, decidedBy: deciderId, decidedAt: new Date() } },
    { returnDocument: 'after' },
  ).lean<RevealRequestDoc>();
  if (!decided) throw conflict('reveal_request_decided', 'This request was already decided.');
  await appendCaseAudit(caseId, kase.unitId, { actor: deciderId, action: `identity.reveal_${state}`, details: { requestId, ground: request.ground, requesterId: request.requesterId } });
  return present(decided);
}

/**
 * The only path to the identity: the member whose request was approved receives the identity
 * ciphertext and its key wrapped for the unit, once. The request is marked released first (a
 * guarded update: a second call gets 409), then the reveal is audited (if that fails the request
 * goes back to approved and nothing is sent), then the reporter's timeline records the disclosure
 * as the policy says (`identityDisclosure.tellReporter`).
 */
export async function releaseIdentity(deps: RevealDeps, caseId: string, requestId: string, investigatorId: string) {
  const { kase, membership } = await caseForMember(caseId, investigatorId);
  requireIdentity(kase);
  const request = await RevealRequest.findOne({ _id: requestId, caseId }).lean<RevealRequestDoc>();
  if (!request || request.requesterId !== investigatorId) throw notFound('reveal_request_not_found', 'You have no such reveal request on this case.');
  if (request.unitId !== kase.unitId) throw conflict('reveal_request_stale', 'The case moved to another unit after this request: ask again.');
  if (request.state === 'released') throw conflict('identity_already_released', 'The identity was already released for this request; ask again if needed.');
  if (request.state !== 'approved') throw forbidden('reveal_not_approved', 'A supervisor must approve the request first.');
  const releasedAt = new Date();
  const claimed = await RevealRequest.findOneAndUpdate({ _id: requestId, state: 'approved' }, { $set: { state: 'released', releasedAt } }).lean();
  if (!claimed) throw conflict('identity_already_released', 'The identity was already released for this request; ask again if needed.');
  try {
    await appendCaseAudit(caseId, kase.unitId, {
      actor: investigatorId,
      action: 'identity.revealed',
      details: { requestId, ground: request.ground, approvedBy: request.decidedBy ?? null },
    });
  } catch (err) {
    await RevealRequest.updateOne({ _id: requestId, state: 'released' }, { $set: { state: 'approved' }, $unset: { releasedAt: 1 } });
    throw err;
  }
  await tellReporter(deps, kase, investigatorId, membership.role);
  return { sealed: kase.identity!.sealed, wraps: identityWrapsOf(kase) };
}

/** The reporter's timeline entry of a disclosure: the unit, the role, a name only where the policy says so. */
async function tellReporter(deps: RevealDeps, kase: ConsoleCase, investigatorId: string, role: string) {
  const { policy } = await deps.policies.current();
  const tell = policy.identityDisclosure?.tellReporter ?? 'nothing';
  if (tell === 'nothing') return;
  const entry: Record<string, unknown> = { kind: 'identity_disclosed', at: roundDown(new Date(), policy.timeRoundingMinutes), unit: kase.unitId };
  if (tell === 'unit_and_role' || tell === 'person') entry.role = role;
  if (tell === 'person') {
    const person = await Investigator.findById(investigatorId, { displayName: 1 }).lean<{ displayName?: string }>();
    entry.person = person?.displayName || undefined;
  }
  await Case.updateOne({ _id: kase._id }, { $push: { timeline: entry } });
}

/**
 * Transfer support: the identity KEY wrapped for the current unit (never the identity
 * ciphertext), so a supervisor's browser can seal it to the unit the case is being moved to.
 * Only when that unit lacks it and may receive identities. Audited as a forwarding.
 */
export async function identityKeyForTransfer(deps: RevealDeps, caseId: string, supervisorId: string, targetUnitId: string) {
  const { kase } = await caseForMember(caseId, supervisorId, { supervisor: true });
  requireIdentity(kase);
  const { policy } = await deps.policies.current();
  if ((policy.identityExcludedKinds ?? []).includes(unitKindOf(policy, targetUnitId))) throw invalid('excluded_unit_wrap', `Unit ${targetUnitId} must never receive a reporter's identity.`);
  if (targetUnitId === kase.unitId || (kase.identity?.wraps ?? []).some((w) => w.unitId === targetUnitId)) {
    throw conflict('identity_wrap_exists', `The case already holds the identity key for ${targetUnitId}.`);
  }
  await appendCaseAudit(caseId, kase.unitId, { actor: supervisorId, action: 'identity.key_forwarding', details: { to: targetUnitId } });
  return { wraps: identityWrapsOf(kase) };
}
