import { z } from 'zod';
import type { Envelope } from '../../../core/crypto';
import { CASE_OUTCOMES, CASE_STATUSES } from '../../../core/lifecycle';
import { REPORTER_TEMPLATES, type ReporterTemplateId } from '../../../core/statusTemplates';
import { b64u, sealedEnvelope, UnitWrapSchema, type UnitWrap } from '../../schemas/common';
import { CASE_LABELS } from '../../commands/console/labelSetter';
import { MAX_EXTENSION_DAYS } from '../../commands/console/deadlineExtender';

// Replies and notes: 4 KiB padding buckets up to 64 KiB of text.
const TEXT_MAX_CT_CHARS = Math.ceil(((64 * 1024 + 16) * 4) / 3) + 4;
const TextEnvelope = sealedEnvelope(TEXT_MAX_CT_CHARS, 4096) as unknown as z.ZodType<Envelope>;
const Id = b64u(16, 32);
const UnitId = z.string().min(3).max(64).regex(/^[a-z][a-z0-9_]*@[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'expected a unit id such as aca@KZ-75');
const Template = z.enum(Object.keys(REPORTER_TEMPLATES) as [ReporterTemplateId, ...ReporterTemplateId[]]);
const Wrap = (purpose: 'dek' | 'identity' | 'notes') => UnitWrapSchema(purpose) as unknown as z.ZodType<UnitWrap>;

export const CaseParams = z.strictObject({ id: Id });
export const AttachmentParams = z.strictObject({ id: Id, fileId: Id });

export const InboxQuery = z.strictObject({
  status: z.enum(['open', 'all', ...CASE_STATUSES]).optional(),
  category: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/).optional(),
  region: z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$|^unknown$/).optional(),
  deadline: z.enum(['overdue', 'due_soon', 'on_time']).optional(),
  mine: z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true').optional(),
  unit: UnitId.optional(),
  // Case ids are 22 base64url characters; the console shows the first 8.
  ref: z.string().regex(/^[A-Za-z0-9_-]{4,22}$/).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

export const StatusChangeRequest = z.strictObject({
  to: z.enum(['acknowledged', 'assessment', 'investigation', 'closed']),
  outcome: z.enum(CASE_OUTCOMES).optional(),
  template: Template,
});
export const ReplyRequest = z.strictObject({ messageId: Id, sealed: TextEnvelope });
export const NoteRequest = z.strictObject({ noteId: Id, sealed: TextEnvelope, notesWraps: z.array(Wrap('notes')).min(1).max(4).optional() });
export const AssignRequest = z.strictObject({ assigneeId: b64u(16, 32) });
export const TransferRequest = z.strictObject({
  unitId: UnitId,
  wrap: Wrap('dek').optional(),
  notesWrap: Wrap('notes').optional(),
  identityWrap: Wrap('identity').optional(),
  reason: z.enum(['outside_competence', 'escalation', 'conflict_of_interest', 'workload', 'other']),
});
export const DeclineRequest = z.strictObject({ reason: z.enum(['outside_competence', 'conflict_of_interest', 'other']) });
export const LabelsRequest = z.strictObject({ labels: z.array(z.enum(CASE_LABELS)).max(CASE_LABELS.length) });
/** The reason is checked against the policy's list by the command (400 extension_reason_not_allowed). */
export const ExtendRequest = z.strictObject({ days: z.number().int().min(1).max(MAX_EXTENSION_DAYS), reason: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/) });
export const CriminalSignsRequest = z.strictObject({});
