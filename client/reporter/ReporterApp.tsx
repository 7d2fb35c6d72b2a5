import { LanguageSwitcher } from '../shared/LanguageSwitcher';
import { useI18n } from '../shared/i18n';
import { useSodiumReady } from '../shared/useSodiumReady';

/** The anonymous reporter portal: no cookies, no storage, everything encrypted on the device. */
export function ReporterApp() {
  const { t } = useI18n();
  const crypto = useSodiumReady();
  return (
    <>
      <header>
        <strong>{t('app.title')}</strong>
        <LanguageSwitcher />
      </header>
      <main>
        <h1>{t('app.title')}</h1>
        <p class={crypto === 'failed' ? 'error' : 'status'} data-crypto={crypto} role="status">
          {t(`crypto.${crypto}`)}
        </p>
      </main>
    </>
  );
}
