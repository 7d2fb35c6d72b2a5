import { useState } from 'preact/hooks';
import { derivePasswordKeys, newPasswordSalt, relockWithNewPassword, toB64u } from '../../../core/crypto';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import { fingerprint, type Keyring } from '../keyring';
import { Busy, ErrorBox, Field, useAction } from '../ui';
import type { SignedIn } from './LoginPage';
import { passwordProblem } from './passwordRules';

/** Password change: the keys are re-locked here under the new password; the server swaps the blob. */
export function AccountPage({ keyring }: { keyring: Keyring }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    const problem = passwordProblem(password, again);
    if (problem) return setError(t(`console.password.${problem}`));
    void run(async () => {
      const me = await api.get<SignedIn>('/auth/me');
      const old = derivePasswordKeys(current, me.authSalt);
      const authSalt = newPasswordSalt();
      const next = derivePasswordKeys(password, authSalt);
      const byPassword = relockWithNewPassword(me.keys, keyring.keys, next.encKey).byPassword;
      await api.post('/auth/password', { currentAuthKey: toB64u(old.authKey), next: { authSalt, authKey: toB64u(next.authKey), byPassword } });
      setDone(true);
      setCurrent('');
      setPassword('');
      setAgain('');
    });
  };
  return (
    <section data-testid="account">
      <h1>{t('console.account.title')}</h1>
      <p>{t('console.account.who', { username: keyring.account.username, role: t(`console.roles.${keyring.account.role}`) })}</p>
      <p>{t('console.units.myFingerprint', { fp: fingerprint(keyring.keys.box.publicKey) })}</p>
      <form onSubmit={submit}>
        <h2>{t('console.account.changePassword')}</h2>
        <Field id="cur-password" type="password" label={t('console.account.current')} value={current} onInput={setCurrent} autocomplete="current-password" />
        <Field id="chg-password" type="password" label={t('console.password.new')} value={password} onInput={setPassword} autocomplete="new-password" help={t('console.password.rules')} />
        <Field id="chg-again" type="password" label={t('console.password.again')} value={again} onInput={setAgain} autocomplete="new-password" />
        <button type="submit" class="primary" disabled={busy}>{t('console.account.change')}</button>
      </form>
      <Busy when={busy}>{t('console.login.deriving')}</Busy>
      {done && <p class="ok" role="status">{t('console.account.changed')}</p>}
      <ErrorBox text={error} />
    </section>
  );
}
