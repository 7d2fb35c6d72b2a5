import { useEffect, useState } from 'preact/hooks';
import {
  derivePasswordKeys,
  generateInvestigatorKeys,
  generateRecoveryKey,
  lockInvestigatorKeys,
  newPasswordSalt,
  parseRecoveryKey,
  bytesEqual,
  toB64u,
  type InvestigatorKeys,
  type RecoveryKey,
} from '../../../core/crypto';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import { buildKeyring, fingerprint, type Keyring } from '../keyring';
import { Busy, ErrorBox, Field, saveBlob, useAction } from '../ui';
import type { SignedIn } from './LoginPage';
import { passwordProblem } from './passwordRules';

type Invite = { username: string; displayName: string; role: string; purpose: 'activate' | 'reset'; totpSecret: string; totpUri: string };
type Step = 'password' | 'recovery' | 'confirm' | 'totp';

/**
 * Activation from a one-time link: this page makes the key pairs, locks them under the new
 * password and under a recovery key shown once (saved or printed, then typed back), and enrols
 * the authenticator app. The server receives public keys, locked blobs and authKey only.
 */
export function ActivationPage({ token, onUnlocked }: { token: string; onUnlocked: (k: Keyring) => void }) {
  const { t } = useI18n();
  const [invite, setInvite] = useState<Invite>();
  const [step, setStep] = useState<Step>('password');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [keys, setKeys] = useState<InvestigatorKeys>();
  const [recovery, setRecovery] = useState<RecoveryKey>();
  const [typed, setTyped] = useState('');
  const [totp, setTotp] = useState('');
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    void run(async () => setInvite(await api.post<Invite>('/auth/invite', { token })));
  }, [token]);

  if (!invite) return error ? <ErrorBox text={error} /> : <Busy when>{t('console.activate.loading')}</Busy>;

  const choosePassword = (e: Event) => {
    e.preventDefault();
    const problem = passwordProblem(password, again);
    if (problem) return setError(t(`console.password.${problem}`));
    setError('');
    setKeys(generateInvestigatorKeys());
    setRecovery(generateRecoveryKey());
    setStep('recovery');
  };

  const confirmRecovery = (e: Event) => {
    e.preventDefault();
    try {
      if (!bytesEqual(parseRecoveryKey(typed), recovery!.bytes)) throw new Error();
      setError('');
      setStep('totp');
    } catch {
      setError(t('console.activate.recoveryMismatch'));
    }
  };

  const activate = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const authSalt = newPasswordSalt();
      const { authKey, encKey } = derivePasswordKeys(password, authSalt);
      const locked = lockInvestigatorKeys(keys!, encKey, recovery!.bytes);
      encKey.fill(0);
      const signedIn = await api.post<SignedIn>('/auth/activate', { token, authSalt, authKey: toB64u(authKey), keys: locked, totp: totp.trim() });
      history.replaceState(null, '', `${location.pathname}${location.search}`);
      onUnlocked(await buildKeyring(signedIn.account, keys!));
    });
  };

  return (
    <section data-testid="activation">
      <h1>{t('console.activate.title', { name: invite.displayName || invite.username })}</h1>
      <p>{t('console.activate.account', { username: invite.username, role: t(`console.roles.${invite.role}`) })}</p>
      {invite.purpose === 'reset' && (
        <p class="notice" data-testid="reset-notice">
          {t('console.activate.resetNotice')}
        </p>
      )}
      {step === 'password' && (
        <form onSubmit={choosePassword}>
          <h2>{t('console.activate.step1')}</h2>
          <Field id="new-password" type="password" label={t('console.password.new')} value={password} onInput={setPassword} autocomplete="new-password" help={t('console.password.rules')} />
          <Field id="new-password-again" type="password" label={t('console.password.again')} value={again} onInput={setAgain} autocomplete="new-password" />
          <button class="primary" type="submit">
            {t('console.activate.makeKeys')}
          </button>
        </form>
      )}
      {step === 'recovery' && recovery && (
        <div>
          <h2>{t('console.activate.step2')}</h2>
          <p>{t('console.activate.recoveryExplain')}</p>
          <p class="recovery-key" data-testid="recovery-key">
            {recovery.display}
          </p>
          <div class="actions no-print">
            <button type="button" onClick={() => window.print()}>
              {t('console.activate.print')}
            </button>
            <button type="button" onClick={() => saveBlob(new Blob([`${t('console.activate.fileText', { username: invite.username })}\n${recovery.display}\n`], { type: 'text/plain' }), 'recovery-key.txt')}>
              {t('console.activate.saveFile')}
            </button>
            <button type="button" class="primary" onClick={() => setStep('confirm')}>
              {t('console.activate.saved')}
            </button>
          </div>
        </div>
      )}
      {step === 'confirm' && (
        <form onSubmit={confirmRecovery}>
          <h2>{t('console.activate.step3')}</h2>
          <Field id="recovery-again" label={t('console.recovery.key')} value={typed} onInput={setTyped} />
          <div class="actions">
            <button class="primary" type="submit">
              {t('console.activate.checkRecovery')}
            </button>
            <button type="button" onClick={() => setStep('recovery')}>
              {t('console.activate.showAgain')}
            </button>
          </div>
        </form>
      )}
      {step === 'totp' && (
        <form onSubmit={activate}>
          <h2>{t('console.activate.step4')}</h2>
          <p>{t('console.activate.totpExplain')}</p>
          <dl>
            <dt>{t('console.activate.totpSecret')}</dt>
            <dd class="mono" data-testid="totp-secret">
              {invite.totpSecret}
            </dd>
            <dt>{t('console.activate.totpUri')}</dt>
            <dd class="mono small" data-testid="totp-uri">
              {invite.totpUri}
            </dd>
          </dl>
          <Field id="activate-totp" label={t('console.login.totp')} value={totp} onInput={setTotp} inputMode="numeric" />
          <p class="help">{t('console.activate.fingerprint', { fp: fingerprint(keys!.box.publicKey) })}</p>
          <button class="primary" type="submit" disabled={busy}>
            {t('console.activate.finish')}
          </button>
        </form>
      )}
      <Busy when={busy}>{t('console.login.deriving')}</Busy>
      <ErrorBox text={error} />
    </section>
  );
}
