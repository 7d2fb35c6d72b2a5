import { Case } from '../models/Case';
import { Message } from '../models/Message';
import { authenticateCase } from '../middlewares/caseAuth';
import { paddedJsonText, statusAnswerBucket } from '../../core/submission/padding';

/** What a reporter sees of their case: status, dates, and the still-encrypted thread. */
export type ReporterView = {
  status: string;
  outcome?: string;
  receivedAt: Date;
  timeline: { kind: string; at: Date; status?: string; template?: string; days?: number; unit?: string; role?: string; person?: string }[];
  /** Confidential mode: the reporter may consent to a reveal (docs/reporter.md); consent given. */
  confidential: boolean;
  identityConsent: boolean;
  /** False for a case made before reward claims: the page offers to register the signing key. */
  hasSigningKey: boolean;
  messages: { messageId: string; seq: number; from: string; sealed: unknown; at: Date }[];
  attachments: { fileId: string; contentId: string; meta: unknown; size: number; from: string }[];
};

/**
 * Reads a case for its reporter (after the proof of work was redeemed by the route). No unit,
 * investigator or routing detail is returned: only what the reporter is entitled to see.
 */
export async function readCaseForReporter(caseToken: string, authSecret: string): Promise<ReporterView> {
  const caseId = await authenticateCase(caseToken, authSecret);
  const found = await Case.findById(caseId, { status: 1, outcome: 1, receivedAt: 1, timeline: 1, attachments: 1, confidential: 1, identityConsentAt: 1, reporterSigningKey: 1 }).lean<{
    status: string;
    outcome?: string;
    receivedAt: Date;
    timeline: ReporterView['timeline'];
    confidential?: boolean;
    identityConsentAt?: Date;
    reporterSigningKey?: string;
    attachments: ReporterView['attachments'];
  }>();
  const messages = await Message.find({ caseId }, { _id: 0, messageId: 1, seq: 1, from: 1, sealed: 1, at: 1 }).sort({ seq: 1 }).limit(500).lean<ReporterView['messages']>();
  return {
    status: found!.status,
    outcome: found!.outcome,
    receivedAt: found!.receivedAt,
    timeline: found!.timeline ?? [],
    confidential: Boolean(found!.confidential),
    identityConsent: Boolean(found!.identityConsentAt),
    hasSigningKey: Boolean(found!.reporterSigningKey),
    messages,
    attachments: found!.attachments ?? [],
  };
}

/**
 * The status answer as JSON text padded to its size bucket (64 KiB, 128, 256, 512 KiB, 1 MiB,
 * then whole MiB): its length does not tell how many messages, files or events the case has
 * (docs/crypto.md "Sizes").
 */
export function presentReporterView(view: ReporterView): string {
  return paddedJsonText(view, statusAnswerBucket);
}
