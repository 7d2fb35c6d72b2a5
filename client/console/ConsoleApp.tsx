import { useEffect, useState } from 'preact/hooks';
import { ExpiryBanner } from './ExpiryBanner';
import { LanguageSwitcher } from '../shared/LanguageSwitcher';
import { useI18n } from '../shared/i18n';
import { useSodiumReady } from '../shared/useSodiumReady';
import { api, ApiError, setSessionLostHandler } from './api';
import { wipeKeyring, type Keyring } from './keyring';
import { ActivationPage } from './pages/ActivationPage';
import { LoginPage, type SignedIn } from './pages/LoginPage';
import { RecoveryPage } from './pages/RecoveryPage';
import { UnlockPage } from './pages/UnlockPage';
import { InboxPage } from './pages/InboxPage';
import { CasePage } from './pages/CasePage';
import { UnitsPage } from './pages/UnitsPage';
import { SupervisorPage } from './pages/SupervisorPage';
import { AdminPage } from './pages/AdminPage';
import { AccountPage } from './pages/AccountPage';
import { CopiesPage } from './pages/CopiesPage';

/** `#invite=TOKEN`, `#case/ID`, `#inbox`, ...: the fragment never reaches the server or its logs. */
function readHash() {
  const h = location.hash.replace(/^#/, '');
  const invite = /^invite=([A-Za-z0-9_-]{43})$/.exec(h)?.[1];
  const [page, arg] = h.split('/');
  return { invite, page: page || 'inbox', arg };
}

/**
 * The investigator console. Private keys are unlocked and used only in this page's memory; a
 * lost session (idle timeout, sign-out, disabled account) wipes them.
 */
export function ConsoleApp() {
  const { t } = useI18n();
  const crypto = useSodiumReady();
  const [route, setRoute] = useState(readHash());
  const [keyring, setKeyring] = useState<Keyring>();
  const [me, setMe] = useState<SignedIn | null>();
  const [forgot, setForgot] = useState(false);
  const [lost, setLost] = useState(false);

  useEffect(() => {
    const onHash = () => setRoute(readHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    setSessionLostHandler(() => {
      setKeyring((k) => (wipeKeyring(k), undefined));
      setMe(null);
      setLost(true);
    });
    api.get<SignedIn>('/auth/me', { quiet401: true }).then(setMe, (err) => setMe(err instanceof ApiError ? null : null));
  }, []);

  const go = (hash: string) => {
    location.hash = hash;
  };
  const unlocked = (k: Keyring) => {
    setKeyring(k);
    setLost(false);
    setForgot(false);
    if (route.invite || !location.hash) go('inbox');
  };
  const signOut = async () => {
    await api.post('/auth/logout').catch(() => undefined);
    wipeKeyring(keyring);
    setKeyring(undefined);
    setMe(null);
  };

  let content;
  if (crypto !== 'ready') content = <p class="status" data-crypto={crypto} role="status">{t(`crypto.${crypto}`)}</p>;
  else if (route.invite && !keyring) content = <ActivationPage token={route.invite} onUnlocked={unlocked} />;
  else if (!keyring && me === undefined) content = <p class="status">{t('console.loading')}</p>;
  else if (!keyring && me) content = <UnlockPage me={me} onUnlocked={unlocked} onSignOut={() => void signOut()} />;
  else if (!keyring && forgot) content = <RecoveryPage onUnlocked={unlocked} onBack={() => setForgot(false)} />;
  else if (!keyring) content = <LoginPage onUnlocked={unlocked} onForgot={() => setForgot(true)} />;
  else if (route.page === 'case' && route.arg) content = <CasePage keyring={keyring} caseId={route.arg} back={() => go('inbox')} />;
  else if (route.page === 'units') content = <UnitsPage keyring={keyring} setKeyring={setKeyring} />;
  else if (route.page === 'supervisor') content = <SupervisorPage keyring={keyring} open={(id) => go(`case/${id}`)} />;
  else if (route.page === 'admin' && keyring.account.role === 'admin') content = <AdminPage keyring={keyring} />;
  else if (route.page === 'account') content = <AccountPage keyring={keyring} />;
  else if (route.page === 'copies' || (route.page === 'copy' && route.arg)) content = <CopiesPage keyring={keyring} caseId={route.page === 'copy' ? route.arg : undefined} />;
  else content = <InboxPage keyring={keyring} open={(id) => go(`case/${id}`)} />;

  const supervises = keyring?.units.some((u) => u.role === 'supervisor');
  return (
    <>
      <header>
        <strong>{t('app.consoleTitle')}</strong>
        {keyring && (
          <nav class="console-nav" aria-label={t('console.nav.label')}>
            <a href="#inbox">{t('console.nav.inbox')}</a>
            <a href="#units">{t('console.nav.units')}</a>
            <a href="#copies">{t('console.nav.copies')}</a>
            {supervises && <a href="#supervisor">{t('console.nav.supervisor')}</a>}
            {keyring.account.role === 'admin' && <a href="#admin">{t('console.nav.admin')}</a>}
            <a href="#account">{t('console.nav.account')}</a>
            <button type="button" class="link" onClick={() => void signOut()} data-testid="sign-out">
              {t('console.nav.signOut')}
            </button>
          </nav>
        )}
        <LanguageSwitcher />
      </header>
      <main class="console">
        {lost && <p class="notice" role="alert">{t('console.sessionLost')}</p>}
        {keyring && <ExpiryBanner />}
        {content}
      </main>
    </>
  );
}
