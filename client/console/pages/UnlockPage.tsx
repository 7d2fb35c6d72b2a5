import { useState } from 'preact/hooks';
import { derivePasswordKeys, unlockWithPassword } from '../../../core/crypto';
import { useI18n } from '../../shared/i18n';
import { buildKeyring, type Keyring } from '../keyring';
import { Busy, ErrorBox, Field, useAction } from '../ui';
import type { SignedIn } from './LoginPage';

/**
 * After a page reload the session cookie may still be valid, but the keys were only in the old
 * page's memory: the password opens them again, locally (nothing is sent).
 */
export function UnlockPage({ me, onUnlocked, onSignOut }: { me: SignedIn; onUnlocked: (k: Keyring) => void; onSignOut: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const { encKey } = derivePasswordKeys(password, me.authSalt);
      const keys = unlockWithPassword(me.keys, encKey);
      encKey.fill(0);
      onUnlocked(await buildKeyring(me.account, keys));
    });
  };
  return (
    <form onSubmit={submit} data-testid="unlock-form">
      <h1>{t('console.unlock.title', { name: me.account.displayName || me.account.username })}</h1>
      <p>{t('console.unlock.why')}</p>
      <Field id="unlock-password" type="password" label={t('console.login.password')} value={password} onInput={setPassword} autocomplete="current-password" />
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {t('console.unlock.submit')}
        </button>
        <button type="button" onClick={onSignOut}>
          {t('console.nav.signOut')}
        </button>
      </div>
      <Busy when={busy}>{t('console.login.deriving')}</Busy>
      <ErrorBox text={error} />
    </form>
  );
}
