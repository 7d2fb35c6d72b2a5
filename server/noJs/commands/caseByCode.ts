import { caseSecretsForLookup, fromUtf8, openMessage, toB64u, type CaseSecrets } from '../../../core/crypto';
import { DomainError, notFound } from '../../../core/errors';
import type { Policy } from '../../../core/policy';
import { readCaseForReporter } from '../../commands/caseStatusReader';

/** What the no-JS case page shows: status, history and the thread decrypted (never stored). */
export type OpenedCaseView = {
  status: string;
  outcome?: string;
  timeline: { kind: string; at: Date; status?: string; template?: string }[];
  messages: { from: 'reporter' | 'investigator'; at: Date; text: string | null }[];
  /** The reporter's messages so far, against the per-case cap the page shows (MAX_CASE_MESSAGES). */
  messagesUsed?: number;
};

/**
 * Finds the case of a code as the reporter's browser does: the case-code KDF versions newest
 * first (core/crypto caseSecretsForLookup), each Argon2id run only if the previous version found
 * no case (callers hold a DerivationGate slot: it blocks this process while it runs). Throws the
 * uniform `case_not_found` when no version matches.
 */
export async function openCaseByCode(policy: Policy, canonicalCode: string): Promise<{ secrets: CaseSecrets; view: OpenedCaseView }> {
  for (const candidate of caseSecretsForLookup(canonicalCode, policy.deploymentSalt)) {
    const secrets = candidate.secrets();
    try {
      return { secrets, view: await readCaseByCode(secrets) };
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'case_not_found')) throw err;
    }
  }
  throw notFound('case_not_found', 'No case matches this code.');
}

/**
 * Reads the case through the JSON status API's command and decrypts the thread as the browser
 * does (a message that does not open is shown as unreadable, not dropped). A wrong code and a
 * code without a case both throw the command's uniform `case_not_found`.
 */
export async function readCaseByCode(secrets: CaseSecrets): Promise<OpenedCaseView> {
  const view = await readCaseForReporter(secrets.caseToken, toB64u(secrets.authSecret));
  const messages = view.messages.map((m) => {
    const from = m.from === 'investigator' ? 'investigator' : 'reporter';
    let text: string | null = null;
    try {
      text = fromUtf8(openMessage(secrets.dek, secrets.caseToken, m.messageId, from, m.sealed as never));
    } catch {
      text = null;
    }
    return { from, at: new Date(m.at), text } as const;
  });
  return { status: view.status, outcome: view.outcome, timeline: view.timeline.map((e) => ({ ...e, at: new Date(e.at) })), messages, messagesUsed: view.usage.messages };
}
