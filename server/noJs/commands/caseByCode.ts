import { deriveCaseSecrets, fromUtf8, openMessage, toB64u, type CaseSecrets } from '../../../core/crypto';
import type { Policy } from '../../../core/policy';
import { readCaseForReporter } from '../../commands/caseStatusReader';

/** What the no-JS case page shows: status, history and the thread decrypted (never stored). */
export type OpenedCaseView = {
  status: string;
  outcome?: string;
  timeline: { kind: string; at: Date; status?: string; template?: string }[];
  messages: { from: 'reporter' | 'investigator'; at: Date; text: string | null }[];
};

/**
 * Case code → case secrets, with the same derivation as the reporter's browser (Argon2id with
 * the policy's deployment salt; blocks ~0.1–0.3 s: callers hold a DerivationGate slot).
 */
export function caseSecretsFromCode(policy: Policy, canonicalCode: string): CaseSecrets {
  return deriveCaseSecrets(canonicalCode, policy.deploymentSalt);
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
  return { status: view.status, outcome: view.outcome, timeline: view.timeline.map((e) => ({ ...e, at: new Date(e.at) })), messages };
}
