import { useEffect, useState } from 'preact/hooks';
import { Figure } from './ChartFigure';
import { statsApi, type Cell, type ReportData, type RiskQuarter, type Workload } from './data';
import { valueLabel } from './format';
import { PeriodView, type ViewProps } from './PeriodView';
import { ComplianceTable } from './ComplianceTable';

type State = { state: 'loading' } | { state: 'denied'; status: number } | { state: 'ok'; report: ReportData; workload: Workload | undefined } | { state: 'failed' };

/**
 * The national report for supervisors: the public figures of the period, deadline compliance
 * per unit and the category × region risk tables (all from the suppressed aggregates), and the
 * live open/overdue counts that are never published. Printable: see the print rules in stats.css.
 */
export function ReportView({ period, ...props }: Omit<ViewProps, 'data'> & { period: string }) {
  const { t, fmt } = props;
  const [s, setS] = useState<State>({ state: 'loading' });
  useEffect(() => {
    setS({ state: 'loading' });
    void Promise.all([statsApi.report(period), statsApi.workload()]).then(
      ([r, w]) => setS(r.ok ? { state: 'ok', report: r.body, workload: w.ok ? w.body : undefined } : r.status === 401 || r.status === 403 ? { state: 'denied', status: r.status } : { state: 'failed' }),
      () => setS({ state: 'failed' }),
    );
  }, [period]);

  if (s.state === 'loading') return <p role="status">{t('stats.loading')}</p>;
  if (s.state === 'failed') return <p class="error" role="alert">{t('stats.failed')}</p>;
  if (s.state === 'denied')
    return (
      <p class="error" role="alert" data-report="denied">
        {s.status === 401 ? t('stats.report.signIn') : t('stats.report.forbidden')} <a href="/console">{t('stats.report.consoleLink')}</a>
      </p>
    );
  const { report, workload } = s;
  const hidden = t('stats.suppressed');
  const cell = (v: Cell, f: (v: Cell) => string = fmt.num) => <Figure text={f(v)} hidden={v === null} hiddenText={hidden} />;
  const unitPeriods = Object.keys(report.unitCompliance).sort();
  return (
    <div data-report="ok">
      <p class="no-print">
        <button type="button" class="primary" onClick={() => window.print()}>
          {t('stats.report.print')}
        </button>
      </p>
      <PeriodView {...props} data={report} />

      <section class="stat-section" aria-labelledby="units-title">
        <h2 id="units-title">{t('stats.report.units')}</h2>
        <p class="note">{t('stats.report.unitsNote', { k: report.disclosureControl.k })}</p>
        {unitPeriods.map((p) => (
          <div class="scroll" tabIndex={0} role="region" aria-label={`${t('stats.report.units')} ${p}`} key={p}>
            <ComplianceTable
              caption={`${t('stats.report.units')} — ${p}`}
              firstColumn={t('stats.report.unit')}
              rows={report.unitCompliance[p].map((u) => ({ key: u.unitId, label: valueLabel(props.policy, 'unit', u.unitId, props.lang, t), figures: u }))}
              t={t}
              fmt={fmt}
              unitsPeriod={p}
            />
          </div>
        ))}
      </section>

      <section class="stat-section risk" aria-labelledby="risk-title">
        <h2 id="risk-title">{t('stats.report.risk')}</h2>
        <p class="note">{t('stats.report.riskNote')}</p>
        {report.risk.quarters.map((q) => (
          <RiskTable key={q.quarter} q={q} previous={previousOf(report, q)} {...props} cell={cell} />
        ))}
      </section>

      {workload && (
        <section class="stat-section" aria-labelledby="live-title">
          <h2 id="live-title">{t('stats.report.live')}</h2>
          <p class="note">{t('stats.report.generated', { at: new Date(workload.at).toLocaleString(props.lang) })}</p>
          <table data-workload>
            <caption>{t('stats.report.live')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.report.unit')}</th>
                <th scope="col">{t('stats.report.openCases')}</th>
                <th scope="col">{t('stats.report.overdue')}</th>
                <th scope="col">{t('stats.report.unassigned')}</th>
              </tr>
            </thead>
            <tbody>
              {workload.units.map((u) => (
                <tr key={u.unitId}>
                  <th scope="row">{u.unitId === 'unrouted' ? t('stats.unrouted') : valueLabel(props.policy, 'unit', u.unitId, props.lang, t)}</th>
                  <td>{fmt.num(u.open)}</td>
                  <td>{fmt.num(u.overdue)}</td>
                  <td>{fmt.num(u.unassigned)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

function previousOf(report: ReportData, q: RiskQuarter): RiskQuarter | undefined {
  const all = [...report.risk.previousYearQuarters, ...report.risk.quarters];
  const i = all.findIndex((x) => x.quarter === q.quarter);
  // A month's report holds only its own quarter, so it shows no change.
  return i > 0 ? all[i - 1] : undefined;
}

type RiskProps = Omit<ViewProps, 'data'> & { q: RiskQuarter; previous: RiskQuarter | undefined; cell: (v: Cell) => preact.JSX.Element };

/** Category × region counts of a quarter, each with its change from the previous quarter. */
function RiskTable({ q, previous, policy, lang, t, cell }: RiskProps) {
  const before = (c: string, r: string): Cell => {
    if (!previous) return null;
    const i = previous.categories.indexOf(c);
    const j = previous.regions.indexOf(r);
    return i < 0 || j < 0 ? null : previous.cells[i][j];
  };
  const change = (now: Cell, was: Cell) => {
    if (now === null || was === null) return null;
    const d = now - was;
    const text = d > 0 ? t('stats.report.up', { n: d }) : d < 0 ? t('stats.report.down', { n: -d }) : t('stats.report.same');
    return (
      <span class="change" title={text}>
        <span aria-hidden="true">{d > 0 ? ` ▲${d}` : d < 0 ? ` ▼${-d}` : ' ='}</span>
        <span class="sr-only"> ({text})</span>
      </span>
    );
  };
  const title = `${t('stats.report.risk')} — ${t('stats.report.quarter', { q: q.quarter.slice(-1) })} ${q.quarter.slice(0, 4)}`;
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label={title}>
      <table class="risk-table" data-quarter={q.quarter}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stats.byCategory')}</th>
            {q.regions.map((r) => (
              <th scope="col" key={r}>
                <abbr title={valueLabel(policy, 'region', r, lang, t)}>{r}</abbr>
              </th>
            ))}
            <th scope="col">{t('stats.total')}</th>
          </tr>
        </thead>
        <tbody>
          {q.categories.map((c, i) => (
            <tr key={c} data-category={c}>
              <th scope="row">{valueLabel(policy, 'category', c, lang, t)}</th>
              {q.regions.map((r, j) => (
                <td key={r} data-region={r}>
                  {cell(q.cells[i][j])}
                  {change(q.cells[i][j], before(c, r))}
                </td>
              ))}
              <td>{cell(q.categoryTotals[i])}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('stats.total')}</th>
            {q.regions.map((r, j) => (
              <td key={r}>{cell(q.regionTotals[j])}</td>
            ))}
            <td>{cell(q.total)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
