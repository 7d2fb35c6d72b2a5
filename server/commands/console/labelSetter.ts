import { appendCaseAudit } from '../../audit/appendAudit';
import { caseForMember } from './caseAccess';
import { updateCaseIfUnchanged } from './caseWork';

/**
 * Labels are plaintext on the server, so they come from a fixed vocabulary rather than free
 * text: an investigator cannot type a name or a fact of the case into unencrypted metadata.
 */
export const CASE_LABELS = ['urgent', 'high_value', 'criminal_signs', 'needs_information', 'duplicate', 'media_attention', 'protection_needed', 'follow_up'] as const;
export type CaseLabel = (typeof CASE_LABELS)[number];

/** Replaces a case's labels (sorted, unique). */
export async function setLabels(caseId: string, actorId: string, labels: CaseLabel[]) {
  const { kase } = await caseForMember(caseId, actorId);
  const next = [...new Set(labels)].sort();
  await updateCaseIfUnchanged(kase, {}, { $set: { labels: next } });
  await appendCaseAudit(caseId, kase.unitId, { actor: actorId, action: 'case.labels', details: { labels: next } });
  return { labels: next };
}
