/**
 * Coming back with the case code: everything is re-derived from the code in this page
 * (deriveCaseSecrets with the policy's deployment salt), the server is asked behind a proof of
 * work, and the thread is decrypted here. The server cannot tell a wrong code from an unknown
 * one and answers both with the same 404.
 */
import { caseSecretsForLookup, fromUtf8, newContentId, openFileMeta, openMessage, sealMessage, toB64u, type CaseCode, type CaseKdfVersion, type CaseSecrets } from '../../../core/crypto';
import type { Policy } from '../../../core/policy';
import { ApiError, reporterApi, type ReporterView } from './api';
import { caseAuthHeader } from '../../../core/submission';
import { proofOfWork } from './pow';
import type { Pow } from './api';

export type ThreadMessage = { messageId: string; seq: number; from: 'reporter' | 'investigator'; at: string; text: string | null };
export type CaseFileInfo = { fileId: string; from: 'reporter' | 'investigator'; name: string | null };
export type OpenedCase = { secrets: CaseSecrets; view: ReporterView };

export class CaseNotFoundError extends Error {}

/** Which step of opening by code runs: deriving the keys of one case-code KDF version, or asking the server with them. */
export type OpenCaseStep = { kind: 'derive' | 'ask'; kdfVersion: CaseKdfVersion; attempt: number; attempts: number };

/**
 * Derives the secrets from a code or reuses those of an open case, solves the proof of work and
 * reads the case. A code is tried with each case-code KDF version, newest first (version 2,
 * Argon2id 8 MiB; then version 1, 64 MiB, for cases made before it): a 404 moves on to the next
 * version, each ask with its own proof of work; `onStep` says which runs. `solvePow`: a proof of
 * work already under way (flow/powAhead.ts), so it overlaps the derivation.
 */
export async function openCase(
  policy: Policy,
  code: CaseCode | CaseSecrets,
  onPow: (fraction: number) => void,
  solvePow: (onProgress: (fraction: number) => void) => Promise<Pow> = (p) => proofOfWork('status', p),
  onStep?: (step: OpenCaseStep) => void,
): Promise<OpenedCase> {
  if (typeof code !== 'string') {
    const opened = await askServer(code, onPow, solvePow);
    if (!opened) throw new CaseNotFoundError();
    return opened;
  }
  const candidates = caseSecretsForLookup(code, policy.deploymentSalt);
  for (const [index, candidate] of candidates.entries()) {
    const step = { kdfVersion: candidate.kdfVersion, attempt: index + 1, attempts: candidates.length };
    onStep?.({ kind: 'derive', ...step });
    await new Promise((resolve) => setTimeout(resolve, 30)); // let the page paint before Argon2id blocks it
    const secrets = candidate.secrets();
    onStep?.({ kind: 'ask', ...step });
    const opened = await askServer(secrets, onPow, solvePow);
    if (opened) return opened;
  }
  throw new CaseNotFoundError();
}

/** One status request behind its own proof of work; null when the server knows no such case (404). */
async function askServer(secrets: CaseSecrets, onPow: (fraction: number) => void, solvePow: (onProgress: (fraction: number) => void) => Promise<Pow>): Promise<OpenedCase | null> {
  const pow = await solvePow(onPow);
  try {
    const view = await reporterApi.status({ caseToken: secrets.caseToken, authSecret: toB64u(secrets.authSecret), pow });
    return { secrets, view };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
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

/**
 * Seals a follow-up message under the case key (author "reporter", bound into the AD) and posts
 * it behind its own proof of work (purpose 'message', cheaper than a submission's): one proof
 * buys one message, so a replayed request is refused.
 */
export async function sendFollowUp(secrets: CaseSecrets, text: string, onPow: (fraction: number) => void = () => undefined): Promise<number> {
  const messageId = newContentId();
  const sealed = sealMessage(secrets.dek, secrets.caseToken, messageId, 'reporter', text);
  const pow = await proofOfWork('message', onPow);
  const { seq } = await reporterApi.message(caseAuthHeader(secrets), { messageId, sealed, pow });
  return seq;
}

/**
 * A re-read case (its newest page) keeping the older messages the reporter had already loaded,
 * so sending a message or refreshing does not fold the thread back to one page.
 */
export function keepLoadedMessages(previous: OpenedCase, fresh: OpenedCase): OpenedCase {
  const firstFresh = fresh.view.messages[0]?.seq;
  if (firstFresh === undefined || fresh.view.olderBefore === undefined || fresh.view.olderBefore === null) return fresh;
  const kept = previous.view.messages.filter((m) => m.seq < firstFresh);
  if (!kept.length) return fresh;
  return { ...fresh, view: { ...fresh.view, messages: [...kept, ...fresh.view.messages], olderBefore: previous.view.olderBefore } };
}

/** The case with the page of messages before those shown added at the top (the status answer holds the newest page). */
export async function loadOlderMessages(opened: OpenedCase): Promise<OpenedCase> {
  const before = opened.view.olderBefore;
  if (before === undefined || before === null) return opened;
  const page = await reporterApi.olderMessages(caseAuthHeader(opened.secrets), before);
  const shown = new Set(opened.view.messages.map((m) => m.seq));
  const older = page.messages.filter((m) => !shown.has(m.seq));
  return { ...opened, view: { ...opened.view, messages: [...older, ...opened.view.messages], olderBefore: page.olderBefore } };
}
