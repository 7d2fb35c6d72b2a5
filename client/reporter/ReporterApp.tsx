import { useState } from 'preact/hooks';
import { LanguageSwitcher } from '../shared/LanguageSwitcher';
import { useI18n } from '../shared/i18n';
import { ReportForm } from './components/ReportForm';
import { SafetyGuidance } from './components/SafetyGuidance';
import { StatusView } from './components/StatusView';
import { useReporterI18n } from './messages';
import { useCryptoStart, type CryptoStart } from './useCryptoStart';
import { usePolicy, type PolicyState } from './usePolicy';


/** The anonymous reporter portal: no cookies, no storage, everything encrypted on the device. */
export function ReporterApp() {
  const { t } = useI18n();
  const r = useReporterI18n().t;
  const crypto = useCryptoStart();
  const [policy, reloadPolicy] = usePolicy();
  const [view, setView] = useState<'report' | 'check'>('report');
  return (
    <>
      <header>
        <strong>{t('app.title')}</strong>
        <LanguageSwitcher />
      </header>
      <main>
        <h1>{t('app.title')}</h1>
        <p class={crypto.state === 'failed' ? 'error' : 'status'} data-crypto={crypto.state} data-crypto-backend={backendOf(crypto)} role="status">
          {t(crypto.state === 'ready' && crypto.backend === 'javascript' ? 'crypto.readySlow' : `crypto.${crypto.state}`)}
        </p>
        <PolicyNotice state={policy} />
        <SafetyGuidance />
        {policy.state === 'ok' ? (
          <>
            <nav class="views" aria-label={r('nav.label')}>
              {(['report', 'check'] as const).map((v) => (
                <button type="button" aria-pressed={view === v} data-view={v} onClick={() => setView(v)}>
                  {r(`nav.${v}`)}
                </button>
              ))}
            </nav>
            {/* Both views stay mounted (one hidden): switching never loses what was typed. */}
            <div hidden={view !== 'report'}>
              <ReportForm policy={policy.policy} standby={policy.standby} uploads={policy.uploads} backend={policy.backend} reloadPolicy={reloadPolicy} />
            </div>
            <div hidden={view !== 'check'}>
              <StatusView policy={policy.policy} uploads={policy.uploads} backend={policy.backend} />
            </div>
          </>
        ) : null}
      </main>
    </>
  );
}

const backendOf = (c: CryptoStart) => (c.state === 'ready' ? c.backend : undefined);

/**
 * Whether the policy verified; a refusal is loud and final: no form is shown at all. A failure to
 * start names its real cause: only a request that got no answer blames the connection.
 */
function PolicyNotice({ state }: { state: PolicyState }) {
  const { t, lang } = useReporterI18n();
  if (state.state === 'loading') return <p class="status" data-policy="loading">{t('policy.loading')}</p>;
  if (state.state === 'ok') return <p class="ok" data-policy="verified">{t('policy.verified', { version: state.policy.version })}</p>;
  if (state.state === 'unavailable' && state.cause === 'blocked') {
    return (
      <div class="refusal" role="alert" data-policy="unavailable" data-cause="blocked">
        <p>{t('start.blocked')}</p>
        <p>{t('start.whatToDo')}</p>
        <p>
          <a href={`/nojs?lang=${lang}`} data-testid="nojs-link">
            {t('start.nojsLink')}
          </a>
        </p>
      </div>
    );
  }
  if (state.state === 'unavailable' && state.cause === 'expired') {
    return (
      <div class="refusal" role="alert" data-policy="unavailable" data-cause="expired">
        <p>{t('policy.expired')}</p>
      </div>
    );
  }
  if (state.state === 'unavailable') {
    return (
      <p class="error" role="alert" data-policy="unavailable" data-cause={state.cause}>
        {t(state.cause === 'connection' ? 'policy.unavailable' : 'policy.serverError')}
      </p>
    );
  }
  return (
    <div class="refusal" role="alert" data-policy="refused">
      <p>{state.noKey ? t('policy.noKey') : t('policy.failed')}</p>
      <p class="help">{t('policy.reason', { reason: state.reason })}</p>
    </div>
  );
}
