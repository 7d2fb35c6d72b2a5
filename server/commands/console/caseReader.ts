import { notFound } from '../../../core/errors';
import { appendCaseAudit } from '../../audit/appendAudit';
import { Investigator } from '../../models/Investigator';
import { Membership } from '../../models/Membership';
import { readThreadPage } from '../threadPage';
import { findCaseFile, listCaseFiles } from '../caseFileList';
import { Note } from '../../models/Note';
import { Case } from '../../models/Case';
import { caseBodyOf } from '../../models/CaseBody';
import { caseForMember } from './caseAccess';

const forUnit = <T extends { unitId: string }>(list: T[] | undefined, unitId: string) => (list ?? []).filter((w) => w.unitId === unitId);

/**
 * A case for a member of its unit: metadata in plaintext, content still sealed. The browser
 * opens it with the unit key (from the member's grant): unwrapDek, openReportBody, openMessage,
 * openFileMeta, openNote. The confidential identity is NOT included, nor its key wraps: only an
 * approved reveal releases them (identityReveal.ts).
 * Opening a case is itself audited.
 */
export async function readCaseForMember(caseId: string, investigatorId: string) {
  const { kase, membership } = await caseForMember(caseId, investigatorId);
  const unitId = kase.unitId!;
  const [full, body] = await Promise.all([Case.findById(caseId).lean<Record<string, any>>(), caseBodyOf(caseId)]);
  // The NEWEST page of the thread (older pages: readOlderMessagesForMember), so a new reply never falls off the end.
  const [thread, attachments, notes, members] = await Promise.all([
    readThreadPage(caseId),
    listCaseFiles(caseId, full!.attachments),
    Note.find({ caseId }, { _id: 0, noteId: 1, seq: 1, authorId: 1, unitId: 1, sealed: 1, at: 1 }).sort({ seq: 1 }).limit(1000).lean(),
    unitMembers(unitId),
  ]);
  await appendCaseAudit(caseId, unitId, { actor: investigatorId, action: 'case.opened' });
  return {
    id: full!._id,
    caseToken: full!.caseToken,
    policyVersion: full!.policyVersion,
    status: full!.status,
    outcome: full!.outcome,
    routing: full!.routing,
    unitId,
    chain: full!.chain ?? [],
    assigneeId: full!.assigneeId ?? null,
    deadlines: full!.deadlines ?? {},
    overdue: full!.overdue ?? [],
    /** Criminal signs recorded while the case is at this unit: the referral clock runs (criminalSignsRecorder.ts). */
    criminalSignsHere: full!.criminalSigns?.unitId === unitId,
    extensions: (full!.extensions ?? []).map((e: Record<string, unknown>) => ({ at: e.at, reason: e.reason, days: e.days, answerBy: e.answerBy })),
    labels: full!.labels ?? [],
    receivedAt: full!.receivedAt,
    timeline: full!.timeline ?? [],
    body: body ?? full!.body,
    wraps: forUnit(full!.wraps, unitId),
    wrappedUnits: (full!.wraps ?? []).map((w: { unitId: string }) => w.unitId),
    notesWraps: forUnit(full!.notesWraps, unitId),
    hasNotesKey: Boolean(full!.notesWraps?.length),
    confidential: Boolean(full!.confidential),
    /** 'server': sealed by the no-JavaScript form (server/noJs); the server saw the plaintext while sealing. */
    sealedBy: full!.sealedBy === 'server' ? 'server' : 'browser',
    // No identity ciphertext and no identity-key wrap, ever: those come only from the approved
    // reveal (identityReveal.ts). The view says only whether my unit could reveal it.
    identityRevealable: forUnit(full!.identity?.wraps, unitId).length > 0,
    identityWrappedUnits: (full!.identity?.wraps ?? []).map((w: { unitId: string }) => w.unitId),
    identityConsent: Boolean(full!.identityConsentAt),
    /** Reward claims are checked against this key (rewardClaims.ts); null for cases made before it. */
    reporterSigningKey: full!.reporterSigningKey ?? null,
    reporterSigningKeyLate: Boolean(full!.reporterSigningKeyLate),
    finalOutcome: full!.finalOutcome?.result ? full!.finalOutcome : null,
    attachments,
    messages: thread.messages,
    /** Pass as `before` to GET /api/console/cases/:id/messages for the older page; null: the thread starts here. */
    olderMessagesBefore: thread.olderBefore,
    notes,
    members,
    myRole: membership.role,
  };
}

/** An older page of a case's thread for a member of its unit (not audited again: opening the case was). */
export async function readOlderMessagesForMember(caseId: string, investigatorId: string, before: number) {
  await caseForMember(caseId, investigatorId);
  return readThreadPage(caseId, before);
}

/** Active members of a unit with their names and whether they hold a key grant (for assignment). */
export async function unitMembers(unitId: string) {
  const memberships = await Membership.find({ unitId, active: true }, { investigatorId: 1, role: 1, openCases: 1, grants: 1 }).lean<
    { investigatorId: string; role: string; openCases: number; grants?: { generation: number }[] }[]
  >();
  const people = await Investigator.find({ _id: { $in: memberships.map((m) => m.investigatorId) } }, { displayName: 1, username: 1, state: 1 }).lean<
    { _id: string; displayName: string; username: string; state: string }[]
  >();
  const byId = new Map(people.map((p) => [p._id, p]));
  return memberships.map((m) => ({
    id: m.investigatorId,
    name: byId.get(m.investigatorId)?.displayName || byId.get(m.investigatorId)?.username || '?',
    role: m.role,
    openCases: m.openCases ?? 0,
    hasGrant: (m.grants?.length ?? 0) > 0,
    state: byId.get(m.investigatorId)?.state ?? 'unknown',
  }));
}

/** Checks access to one attachment of a case and audits the download; returns its size. */
export async function attachmentForMember(caseId: string, fileId: string, investigatorId: string) {
  const { kase } = await caseForMember(caseId, investigatorId);
  const file = await findCaseFile(caseId, fileId, kase.attachments);
  if (!file) throw notFound('attachment_not_found', 'No such attachment on this case.');
  await appendCaseAudit(caseId, kase.unitId, { actor: investigatorId, action: 'attachment.downloaded', details: { fileId } });
  return file;
}
