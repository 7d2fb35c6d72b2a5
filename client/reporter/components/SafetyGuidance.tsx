import { useReporterI18n } from '../messages';

const TOR_LEVELS = ['standard', 'safer', 'safest'] as const;

/**
 * Plain advice before anything is typed: device, network, Tor Browser and what works at each of
 * its security levels (docs/reporter.md), file metadata, traces, the code.
 */
export function SafetyGuidance() {
  const { t, lang } = useReporterI18n();
  return (
    <section class="safety" aria-labelledby="safety-title">
      <h2 id="safety-title">{t('safety.title')}</h2>
      <ul>
        {(['device', 'network', 'tor', 'metadata', 'traces', 'code'] as const).map((k) => (
          <li data-safety={k}>
            {t(`safety.${k}`)}
            {k === 'tor' ? (
              <ul>
                {TOR_LEVELS.map((level) => (
                  <li data-tor-level={level}>
                    {t(`safety.levels.${level}`)}
                    {level === 'safest' ? (
                      <>
                        {' '}
                        <a href={`/nojs?lang=${lang}`}>{t('safety.levels.nojs')}</a>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
