import { useState } from 'preact/hooks';
import { derivePasswordKeys, toB64u, unlockWithPassword, type LockedInvestigatorKeys } from '../../../core/crypto';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import { buildKeyring, type Account, type Keyring } from '../keyring';
import { Busy, ErrorBox, Field, useAction } from '../ui';

export type SignedIn = { account: Account; keys: LockedInvestigatorKeys; authSalt: string };

/**
 * Sign-in: the salt comes from the server (a decoy for unknown names), Argon2id runs here, and
 * only authKey and the one-time code are sent. The private keys come back locked and are opened
 * with encKey, which never leaves the page.
 */
export function LoginPage({ onUnlocked, onForgot }: { onUnlocked: (k: Keyring) => void; onForgot: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const { busy, error, run } = useAction();

  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const name = username.trim().toLowerCase();
      const { salt } = await api.post<{ salt: string }>('/auth/salt', { username: name });
      const { authKey, encKey } = derivePasswordKeys(password, salt);
      const signedIn = await api.post<SignedIn>('/auth/login', { username: name, authKey: toB64u(authKey), totp: totp.trim() });
      const keys = unlockWithPassword(signedIn.keys, encKey);
      encKey.fill(0);
      onUnlocked(await buildKeyring(signedIn.account, keys));
    });
  };

  return (
    <form onSubmit={submit} data-testid="login-form">
      <h1>{t('console.login.title')}</h1>
      <Field id="username" label={t('console.login.username')} value={username} onInput={setUsername} autocomplete="username" />
      <Field id="password" type="password" label={t('console.login.password')} value={password} onInput={setPassword} autocomplete="current-password" />
      <Field id="totp" label={t('console.login.totp')} value={totp} onInput={setTotp} inputMode="numeric" autocomplete="one-time-code" help={t('console.login.totpHelp')} />
      <button class="primary" type="submit" disabled={busy}>
        {t('console.login.submit')}
      </button>
      <Busy when={busy}>{t('console.login.deriving')}</Busy>
      <ErrorBox text={error} />
      <p>
        <button type="button" class="link" onClick={onForgot}>
          {t('console.login.forgot')}
        </button>
      </p>
    </form>
  );
}
