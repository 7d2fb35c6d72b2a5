import { useState } from 'preact/hooks';
import { labelText, type Policy } from '../../../core/policy';
import type { RewardClaim } from '../../../core/crypto';
import type { OpenedCase } from '../flow/caseAccess';
import { ApiError } from '../flow/api';
import { giveIdentityConsent, makeRewardClaim, sendRewardClaim } from '../flow/identityActions';
import { useReporterI18n } from '../messages';
import { TextField } from './fields';

/**
 * On the status page: consent to the reveal of a confidential identity, and the reward claim
 * (proof of authorship without the code). `onChanged` reloads the case so the history shows it.
 */
export function MyCaseIdentity(props: { policy: Policy; opened: OpenedCase; onChanged: () => void }) {
  const { policy, opened } = props;
  const { view, secrets } = opened;
  const { t, lang } = useReporterI18n();
  const [claimant, setClaimant] = useState('');
  const [claim, setClaim] = useState<RewardClaim | null>(null);
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setFailure('');
    setNotice('');
    try {
      await fn();
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'unexpected';
      setFailure(t(`myCase.errors.${code}`, { defaultValue: t('myCase.errors.other', { code }) }));
    } finally {
      setBusy(false);
    }
  };
  const consent = () =>
    run(async () => {
      if (!window.confirm(t('myCase.consentConfirm'))) return;
      await giveIdentityConsent(secrets);
      props.onChanged();
    });
  const make = (e: Event) => {
    e.preventDefault();
    setClaim(makeRewardClaim(secrets, policy.deploymentId, claimant));
  };
  const send = (c: RewardClaim) =>
    run(async () => {
      const sent = await sendRewardClaim(secrets, c);
      setNotice(sent.keyRegisteredLate ? `${t('myCase.claimSent')} ${t('myCase.claimKeyLate')}` : t('myCase.claimSent'));
      props.onChanged();
    });

  return (
    <section aria-labelledby="my-identity-title" data-testid="my-case-identity">
      {view.confidential ? (
        <>
          <h3 id="my-identity-title">{t('myCase.consentTitle')}</h3>
          {view.identityConsent ? (
            <p class="notice" data-testid="consent-given">{t('myCase.consentGiven')}</p>
          ) : (
            <>
              <p>{t('myCase.consentExplain')}</p>
              <button type="button" disabled={busy} onClick={() => void consent()} data-testid="give-consent">{t('myCase.consentButton')}</button>
            </>
          )}
        </>
      ) : null}
      <h3>{t('myCase.rewardTitle')}</h3>
      {policy.rewards ? <p data-testid="reward-rules">{labelText(policy.rewards.rules, lang)}</p> : null}
      <p>{t('myCase.rewardExplain')}</p>
      <form noValidate autocomplete="off" onSubmit={make}>
        <TextField id="claimant" label={t('myCase.claimant')} help={t('myCase.claimantHelp')} spellcheck={false} maxLength={200} value={claimant} onInput={setClaimant} />
        <button type="submit" disabled={busy} data-testid="make-claim">{t('myCase.makeClaim')}</button>
      </form>
      {claim ? (
        <>
          <label for="claim-text">{t('myCase.claimReady')}</label>
          <textarea id="claim-text" readOnly rows={8} spellcheck={false} data-testid="claim-text" value={JSON.stringify(claim, null, 2)} />
          <button type="button" disabled={busy} onClick={() => void send(claim)} data-testid="send-claim">{t('myCase.sendClaim')}</button>
        </>
      ) : null}
      {notice ? <p class="notice" role="status">{notice}</p> : null}
      {failure ? <p class="error" role="alert">{failure}</p> : null}
    </section>
  );
}
