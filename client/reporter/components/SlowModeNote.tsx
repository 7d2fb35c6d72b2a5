import type { CryptoBackend } from '../flow/cryptoStart';
import { useReporterI18n } from '../messages';

/** Says why this browser is slower, before and while it works: only where encryption runs without WebAssembly. */
export function SlowModeNote(props: { backend: CryptoBackend }) {
  const { t } = useReporterI18n();
  if (props.backend !== 'javascript') return null;
  return (
    <p class="notice" data-testid="slow-mode">
      {t('slow.note')}
    </p>
  );
}
