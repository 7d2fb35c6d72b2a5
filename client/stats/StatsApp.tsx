import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Policy } from '../../core/policy';
import { LanguageSwitcher } from '../shared/LanguageSwitcher';
import { useI18n } from '../shared/i18n';
import { loadVerifiedPolicy, statsApi, type PeriodData, type PeriodList } from './data';
import { formatters } from './format';
import { PeriodView } from './PeriodView';
import { ReportView } from './ReportView';
import { AnchorsSection } from './AnchorsSection';

type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'failed' };

/** `?period=` and `?view=report` are read from and written to the address (no storage, no cookie). */
function readUrl() {
  const q = new URLSearchParams(location.search);
  return { period: q.get('period') ?? undefined, report: q.get('view') === 'report' };
}
function writeUrl(period: string, report: boolean, lang: string) {
  const q = new URLSearchParams({ lang, period, ...(report ? { view: 'report' } : {}) });
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

/** The public statistics page, and the national report for signed-in supervisors (view=report). */
export function StatsApp() {
  const { t, lang } = useI18n();
  const fmt = useMemo(() => formatters(lang, t), [lang]);
  const [policy, setPolicy] = useState<Policy | undefined | 'loading'>('loading');
  const [list, setList] = useState<Loaded<PeriodList>>({ state: 'loading' });
  const [period, setPeriod] = useState<string | undefined>(readUrl().period);
  const [report, setReport] = useState(readUrl().report);
  const [data, setData] = useState<Loaded<{ data: PeriodData; year: PeriodData | undefined }>>({ state: 'loading' });

  useEffect(() => {
    void loadVerifiedPolicy().then(setPolicy);
    void statsApi.periods().then(
      (r) => {
        setList(r.ok ? { state: 'ok', value: r.body } : { state: 'failed' });
        if (r.ok && r.body.lastMonth) setPeriod((p) => (p && r.body.periods.some((x) => x.period === p) ? p : r.body.lastMonth!.slice(0, 4)));
      },
      () => setList({ state: 'failed' }),
    );
  }, []);

  useEffect(() => {
    if (!period) return;
    writeUrl(period, report, lang);
    if (report) return;
    setData({ state: 'loading' });
    const year = period.slice(0, 4);
    void Promise.all([statsApi.period(period), period.length === 4 ? undefined : statsApi.period(year)]).then(
      ([d, y]) => setData(d.ok ? { state: 'ok', value: { data: d.body, year: y?.ok ? y.body : undefined } } : { state: 'failed' }),
      () => setData({ state: 'failed' }),
    );
  }, [period, report, lang]);

  const ready = policy !== 'loading';
  const verified = ready ? policy : undefined;
  const periods = list.state === 'ok' ? list.value.periods : [];
  const years = periods.filter((p) => p.granularity === 'year').map((p) => p.period).reverse();
  const title = report ? t('stats.report.title') : t('stats.title');
  useEffect(() => void (document.title = title), [title]);

  return (
    <>
      <header class="no-print">
        <strong>{t('stats.title')}</strong>
        <LanguageSwitcher />
      </header>
      <main class="stats" aria-busy={!ready || data.state === 'loading'}>
        <h1>{title}</h1>
        {!report && <p>{t('stats.intro')}</p>}
        {ready && !verified && <p class="error" role="alert">{t('stats.policyUnverified')}</p>}
        {list.state === 'loading' && <p role="status">{t('stats.loading')}</p>}
        {list.state === 'failed' && <p class="error" role="alert">{t('stats.failed')}</p>}
        {list.state === 'ok' && !periods.length && <p data-state="empty">{t('stats.none')}</p>}
        {list.state === 'ok' && period && (
          <>
            <div class="controls no-print">
              <label for="period">{t('stats.period')}</label>
              <select id="period" value={period} onChange={(e) => setPeriod((e.target as HTMLSelectElement).value)}>
                {years.map((y) => (
                  <optgroup key={y} label={y}>
                    <option value={y}>{periods.find((p) => p.period === y)!.complete ? t('stats.year', { year: y }) : t('stats.yearInProgress', { year: y })}</option>
                    {periods
                      .filter((p) => p.granularity === 'month' && p.period.startsWith(y))
                      .reverse()
                      .map((p) => (
                        <option key={p.period} value={p.period}>
                          {fmt.month(p.period)}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
              <p>
                {t('stats.download')}: <a href={`/api/public/stats/${period}.json`}>{t('stats.downloadJson')}</a> · <a href={`/api/public/stats/${period}.csv`}>{t('stats.downloadCsv')}</a>
              </p>
              <p>
                <a href={`?lang=${lang}&period=${period}${report ? '' : '&view=report'}`} onClick={(e) => (e.preventDefault(), setReport(!report))}>
                  {report ? t('stats.report.back') : t('stats.report.open')}
                </a>
              </p>
            </div>
            <p class="period-title">{period.length === 4 ? t('stats.year', { year: period }) : fmt.month(period)}</p>
            {report && ready && <ReportView period={period} year={undefined} policy={verified} lang={lang} t={t} fmt={fmt} />}
            {!report && data.state === 'failed' && <p class="error" role="alert">{t('stats.failed')}</p>}
            {!report && ready && data.state === 'ok' && <PeriodView data={data.value.data} year={data.value.year} policy={verified} lang={lang} t={t} fmt={fmt} />}
            {list.value.k !== null && (
              <section class="stat-section method" aria-labelledby="method-title">
                <h2 id="method-title">{t('stats.method')}</h2>
                <p>{t('stats.methodText', { k: list.value.k, delay: list.value.publicationDelayDays, mark: t('stats.suppressedMark') })}</p>
              </section>
            )}
          </>
        )}
        {!report && <AnchorsSection t={t} />}
      </main>
    </>
  );
}
