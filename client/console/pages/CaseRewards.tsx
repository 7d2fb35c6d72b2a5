import { useState } from 'preact/hooks';
import { rewardClaimProblem, rewardClaimRef, verifyRewardClaim, type RewardClaim } from '../../../core/crypto';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { Keyring } from '../keyring';
import type { CaseView } from '../caseCrypto';
import { ErrorBox, useAction } from '../ui';

const FINAL_OUTCOMES = ['conviction', 'acquittal', 'proceedings_ended', 'no_proceedings'] as const;

/**
 * Reward claims and the final outcome (docs/console.md §Reward claims). A claim is checked here
 * against the reporter signing key stored with the case (and again by the server when recorded);
 * it proves authorship and opens nothing. The final outcome starts the policy's reward window.
 */
export function CaseRewards({ keyring, view, reload }: { keyring: Keyring; view: CaseView; reload: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [checked, setChecked] = useState<{ ok: true; claim: RewardClaim } | { ok: false; reason: string }>();
  const [outcome, setOutcome] = useState<string>(view.finalOutcome?.result ?? FINAL_OUTCOMES[0]);
  const action = useAction();

  const check = () => {
    let claim: unknown;
    try {
      claim = JSON.parse(text);
    } catch {
      return setChecked({ ok: false, reason: t('console.rewards.notJson') });
    }
    const problem = rewardClaimProblem(claim);
    if (problem) return setChecked({ ok: false, reason: t(`console.rewards.problem.${problem}`) });
    if (!verifyRewardClaim(claim, view.reporterSigningKey ?? undefined)) return setChecked({ ok: false, reason: t('console.rewards.problem.otherCase') });
    if ((claim as RewardClaim).statement.deploymentId !== keyring.policy.deploymentId) return setChecked({ ok: false, reason: t('console.rewards.problem.deployment') });
    setChecked({ ok: true, claim: claim as RewardClaim });
  };
  const record = (claim: RewardClaim) => action.run(async () => {
    await api.post(`/cases/${view.id}/reward-claims`, { claim });
    setText('');
    setChecked(undefined);
    reload();
  });
  const saveOutcome = () => action.run(async () => {
    await api.post(`/cases/${view.id}/final-outcome`, { result: outcome });
    reload();
  });

  return (
    <section data-testid="rewards">
      <h2>{t('console.rewards.title')}</h2>
      {view.reporterSigningKey ? (
        <p>
          {t('console.rewards.reference')} <code data-testid="claim-ref">{rewardClaimRef(view.reporterSigningKey)}</code>
          {view.reporterSigningKeyLate && <span class="help"> — {t('console.rewards.late')}</span>}
        </p>
      ) : (
        <p class="help">{t('console.rewards.noKey')}</p>
      )}
      {view.reporterSigningKey && (
        <>
          <label for="claim-text">{t('console.rewards.paste')}</label>
          <textarea id="claim-text" rows={4} spellcheck={false} value={text} onInput={(e) => { setText((e.target as HTMLTextAreaElement).value); setChecked(undefined); }} />
          <p>
            <button type="button" disabled={!text.trim()} onClick={check} data-testid="claim-check">{t('console.rewards.check')}</button>
          </p>
          {checked && !checked.ok && <p class="error" role="alert" data-testid="claim-result">{t('console.rewards.invalid', { reason: checked.reason })}</p>}
          {checked?.ok && (
            <div data-testid="claim-result">
              <p class="notice">{t('console.rewards.valid', { date: checked.claim.statement.date, claimant: checked.claim.statement.claimant || t('console.rewards.noClaimant') })}</p>
              <button type="button" disabled={action.busy} onClick={() => void record(checked.claim)}>{t('console.rewards.record')}</button>
            </div>
          )}
        </>
      )}
      {view.status === 'closed' && (
        <p>
          <label for="final-outcome">{t('console.rewards.finalOutcome')}</label>{' '}
          <select id="final-outcome" value={outcome} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value)}>
            {FINAL_OUTCOMES.map((o) => <option value={o}>{t(`console.rewards.final.${o}`)}</option>)}
          </select>{' '}
          <button type="button" disabled={action.busy} onClick={() => void saveOutcome()}>{t('console.rewards.saveOutcome')}</button>
          {view.finalOutcome && <span class="help"> {t('console.rewards.recorded', { outcome: t(`console.rewards.final.${view.finalOutcome.result}`) })}</span>}
        </p>
      )}
      <ErrorBox text={action.error} />
    </section>
  );
}
