import { LanguageSwitcher } from '../shared/LanguageSwitcher';
import { useI18n } from '../shared/i18n';
import { useSodiumReady } from '../shared/useSodiumReady';

/** The investigator console: private keys are unlocked and used only in this page's memory. */
export function ConsoleApp() {
  const { t } = useI18n();
  const crypto = useSodiumReady();
  return (
    <>
      <header>
        <strong>{t('app.consoleTitle')}</strong>
        <LanguageSwitcher />
      </header>
      <main>
        <h1>{t('app.consoleTitle')}</h1>
        <p class="status" data-crypto={crypto} role="status">{t(`crypto.${crypto}`)}</p>
      </main>
    </>
  );
}
