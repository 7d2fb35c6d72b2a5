import { useReporterI18n } from '../messages';

/** Plain advice before anything is typed: device, network, Tor Browser, file metadata, traces, the code. */
export function SafetyGuidance() {
  const { t } = useReporterI18n();
  return (
    <section class="safety" aria-labelledby="safety-title">
      <h2 id="safety-title">{t('safety.title')}</h2>
      <ul>
        {(['device', 'network', 'tor', 'metadata', 'traces', 'code'] as const).map((k) => (
          <li data-safety={k}>{t(`safety.${k}`)}</li>
        ))}
      </ul>
    </section>
  );
}
