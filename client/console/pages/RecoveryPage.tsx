import { useState } from 'preact/hooks';
import { derivePasswordKeys, newPasswordSalt, relockWithNewPassword, signCanonical, toB64u, unlockWithRecoveryKey, type Envelope } from '../../../core/crypto';
import { recoveryStatement } from '../../../core/consoleRecovery';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import { buildKeyring, type Keyring } from '../keyring';
import { Busy, ErrorBox, Field, useAction } from '../ui';
import type { SignedIn } from './LoginPage';
import { passwordProblem } from './passwordRules';

type Start = { challenge: string; keys: { v: 1; boxPublicKey: string; signPublicKey: string; byRecovery: Envelope } };

/**
 * Forgotten password: the recovery key (shown once at activation) opens the private keys here;
 * the page sets a new password by re-locking them, and proves it holds the keys by signing the
 * new password material with the signing key. The server never sees the recovery key.
 */
export function RecoveryPage({ onUnlocked, onBack }: { onUnlocked: (k: Keyring) => void; onBack: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [totp, setTotp] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const { busy, error, setError, run } = useAction();

  const submit = (e: Event) => {
    e.preventDefault();
    const problem = passwordProblem(password, again);
    if (problem) return setError(t(`console.password.${problem}`));
    void run(async () => {
      const name = username.trim().toLowerCase();
      const start = await api.post<Start>('/auth/recover/start', { username: name, totp: totp.trim() });
      const locked = { ...start.keys, byPassword: start.keys.byRecovery };
      const keys = unlockWithRecoveryKey(locked, recoveryKey);
      const authSalt = newPasswordSalt();
      const pk = derivePasswordKeys(password, authSalt);
      const next = { authSalt, authKey: toB64u(pk.authKey), byPassword: relockWithNewPassword(locked, keys, pk.encKey).byPassword };
      const signature = signCanonical(recoveryStatement(name, start.challenge, next), keys.sign.secretKey);
      const signedIn = await api.post<SignedIn>('/auth/recover/finish', { username: name, challenge: start.challenge, signature, next });
      onUnlocked(await buildKeyring(signedIn.account, keys));
    });
  };

  return (
    <form onSubmit={submit} data-testid="recovery-form">
      <h1>{t('console.recovery.title')}</h1>
      <p>{t('console.recovery.intro')}</p>
      <Field id="rec-username" label={t('console.login.username')} value={username} onInput={setUsername} autocomplete="username" />
      <Field id="rec-totp" label={t('console.login.totp')} value={totp} onInput={setTotp} inputMode="numeric" />
      <Field id="rec-key" label={t('console.recovery.key')} value={recoveryKey} onInput={setRecoveryKey} />
      <Field id="rec-password" type="password" label={t('console.password.new')} value={password} onInput={setPassword} autocomplete="new-password" help={t('console.password.rules')} />
      <Field id="rec-again" type="password" label={t('console.password.again')} value={again} onInput={setAgain} autocomplete="new-password" />
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {t('console.recovery.submit')}
        </button>
        <button type="button" onClick={onBack}>
          {t('console.recovery.back')}
        </button>
      </div>
      <Busy when={busy}>{t('console.login.deriving')}</Busy>
      <ErrorBox text={error} />
      <p class="notice">{t('console.recovery.noKey')}</p>
    </form>
  );
}
