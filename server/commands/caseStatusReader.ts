import { Case } from '../models/Case';
import { listCaseFiles, type CaseFileListing } from './caseFileList';
import { readThreadPage, type ThreadMessage } from './threadPage';
import { authenticateCase } from '../middlewares/caseAuth';
import { paddedJsonText, statusAnswerBucket } from '../../core/submission/padding';

/** What a reporter sees of their case: status, dates, the newest page of the still-encrypted thread, files and caps. */
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
  messages: ThreadMessage[];
  /** Pass as `before` to GET /api/reports/messages for the older page; null when the thread starts here. */
  olderBefore: number | null;
  attachments: CaseFileListing[];
  /** What the reporter has used of the per-case caps, so the page can show them before they are hit. */
  usage: CaseUsage;
};

export type CaseUsage = { messages: number; messageBytes: number; files: number; fileBytes: number };

/**
 * Reads a case for its reporter (after the proof of work was redeemed by the route). No unit,
 * investigator or routing detail is returned: only what the reporter is entitled to see.
 */
export async function readCaseForReporter(caseToken: string, authSecret: string): Promise<ReporterView> {
  const caseId = await authenticateCase(caseToken, authSecret);
  const found = await Case.findById(caseId, { status: 1, outcome: 1, receivedAt: 1, timeline: 1, attachments: 1, confidential: 1, identityConsentAt: 1, reporterSigningKey: 1, reporterMessages: 1, reporterMessageBytes: 1, uploadFiles: 1, uploadBytes: 1 }).lean<{
    status: string;
    outcome?: string;
    receivedAt: Date;
    timeline: ReporterView['timeline'];
    confidential?: boolean;
    identityConsentAt?: Date;
    reporterSigningKey?: string;
    attachments?: CaseFileListing[];
    reporterMessages?: number;
    reporterMessageBytes?: number;
    uploadFiles?: number;
    uploadBytes?: number;
  }>();
  const [thread, attachments] = await Promise.all([readThreadPage(caseId), listCaseFiles(caseId, found!.attachments)]);
  return {
    status: found!.status,
    outcome: found!.outcome,
    receivedAt: found!.receivedAt,
    timeline: found!.timeline ?? [],
    confidential: Boolean(found!.confidential),
    identityConsent: Boolean(found!.identityConsentAt),
    hasSigningKey: Boolean(found!.reporterSigningKey),
    messages: thread.messages,
    olderBefore: thread.olderBefore,
    attachments,
    usage: { messages: found!.reporterMessages ?? 0, messageBytes: found!.reporterMessageBytes ?? 0, files: found!.uploadFiles ?? 0, fileBytes: found!.uploadBytes ?? 0 },
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
