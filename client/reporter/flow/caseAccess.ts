/**
 * Coming back with the case code: everything is re-derived from the code in this page
 * (deriveCaseSecrets with the policy's deployment salt), the server is asked behind a proof of
 * work, and the thread is decrypted here. The server cannot tell a wrong code from an unknown
 * one and answers both with the same 404.
 */
import { deriveCaseSecrets, fromUtf8, newContentId, openFileMeta, openMessage, sealMessage, toB64u, type CaseCode, type CaseSecrets } from '../../../core/crypto';
import type { Policy } from '../../../core/policy';
import { ApiError, reporterApi, type ReporterView } from './api';
import { caseAuthHeader } from '../../../core/submission';
import { proofOfWork } from './pow';

export type ThreadMessage = { messageId: string; seq: number; from: 'reporter' | 'investigator'; at: string; text: string | null };
export type CaseFileInfo = { fileId: string; from: 'reporter' | 'investigator'; name: string | null };
export type OpenedCase = { secrets: CaseSecrets; view: ReporterView };

export class CaseNotFoundError extends Error {}

/**
 * Derives the secrets from a code (Argon2id, blocks ~0.1–0.3 s) or reuses those of an open
 * case, solves the proof of work and reads the case.
 */
export async function openCase(policy: Policy, code: CaseCode | CaseSecrets, onPow: (fraction: number) => void): Promise<OpenedCase> {
  const secrets = typeof code === 'string' ? deriveCaseSecrets(code, policy.deploymentSalt) : code;
  const pow = await proofOfWork('status', onPow);
  try {
    const view = await reporterApi.status({ caseToken: secrets.caseToken, authSecret: toB64u(secrets.authSecret), pow });
    return { secrets, view };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) throw new CaseNotFoundError();
    throw err;
  }
}

/** The thread in order; a message that fails to decrypt is shown as unreadable, not dropped. */
export function readThread({ secrets, view }: OpenedCase): ThreadMessage[] {
  return view.messages.map((m) => {
    let text: string | null = null;
    try {
      text = fromUtf8(openMessage(secrets.dek, secrets.caseToken, m.messageId, m.from, m.sealed));
    } catch {
      text = null;
    }
    return { messageId: m.messageId, seq: m.seq, from: m.from, at: m.at, text };
  });
}

/** The case's files with their names decrypted from the sealed metadata. */
export function readFiles({ secrets, view }: OpenedCase): CaseFileInfo[] {
  return view.attachments.map((f) => {
    let name: string | null = null;
    try {
      name = String(JSON.parse(fromUtf8(openFileMeta(secrets.dek, secrets.caseToken, f.contentId, f.meta))).name);
    } catch {
      name = null;
    }
    return { fileId: f.fileId, from: f.from, name };
  });
}

/** Seals a follow-up message under the case key (author "reporter", bound into the AD) and posts it. */
export async function sendFollowUp(secrets: CaseSecrets, text: string): Promise<number> {
  const messageId = newContentId();
  const sealed = sealMessage(secrets.dek, secrets.caseToken, messageId, 'reporter', text);
  const { seq } = await reporterApi.message(caseAuthHeader(secrets), { messageId, sealed });
  return seq;
}
