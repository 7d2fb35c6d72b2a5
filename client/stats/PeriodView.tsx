import type { Policy } from '../../core/policy';
import { ChartFigure, Figure } from './ChartFigure';
import { ComplianceTable } from './ComplianceTable';
import type { Cell, PeriodData } from './data';
import { valueLabel, type formatters } from './format';

type Fmt = ReturnType<typeof formatters>;
type T = (key: string, options?: Record<string, unknown>) => string;
export type ViewProps = { data: PeriodData; year: PeriodData | undefined; policy: Policy | undefined; lang: string; t: T; fmt: Fmt };

const DIMENSIONS = [
  ['category', 'stats.byCategory'],
  ['region', 'stats.byRegion'],
  ['unitKind', 'stats.byUnitKind'],
  ['state', 'stats.byState'],
  ['sector', 'stats.bySector'],
] as const;

/** The public figures of one period: summary, trend, breakdowns and deadlines, each chart with its table. */
export function PeriodView({ data, year, policy, lang, t, fmt }: ViewProps) {
  const hidden = t('stats.suppressed');
  const cell = (v: Cell, f: (v: Cell) => string = fmt.num) => <Figure text={f(v)} hidden={v === null} hiddenText={hidden} />;
  const trend = year ?? data;
  const comp = data.compliance.period;
  const totalKnown = data.granularity === 'month' || data.complete;
  return (
    <>
      <section class="stat-section summary" aria-labelledby="summary-title">
        <h2 id="summary-title">{t('stats.summary')}</h2>
        {!totalKnown && <p class="note">{t('stats.yearNotComplete')}</p>}
        <dl class="summary-grid">
          <div>
            <dt>{t('stats.totalReports')}</dt>
            <dd data-figure="total">{totalKnown ? cell(data.total.period) : '…'}</dd>
          </div>
          <div>
            <dt>{t('stats.ackShare')}</dt>
            <dd data-figure="ack-share">{comp ? cell(comp.acknowledge.sharePct, fmt.pct) : '…'}</dd>
          </div>
          <div>
            <dt>{t('stats.answerShare')}</dt>
            <dd data-figure="answer-share">{comp ? cell(comp.answer.sharePct, fmt.pct) : '…'}</dd>
          </div>
          <div>
            <dt>{t('stats.ackMedian')}</dt>
            <dd>{comp ? cell(comp.acknowledge.medianDays, fmt.days) : '…'}</dd>
          </div>
          <div>
            <dt>{t('stats.answerMedian')}</dt>
            <dd>{comp ? cell(comp.answer.medianDays, fmt.days) : '…'}</dd>
          </div>
        </dl>
      </section>

      <ChartFigure id="trend" title={t('stats.trend')} kind="bar" labels={trend.months.map(fmt.shortMonth)} series={[{ label: t('stats.count'), data: trend.total.byMonth }]} format={fmt.num} chartLabel={t('stats.chartOf', { title: t('stats.trend') })}>
        <table>
          <caption>{t('stats.tableOf', { title: t('stats.trend') })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.month')}</th>
              <th scope="col">{t('stats.count')}</th>
            </tr>
          </thead>
          <tbody>
            {trend.months.map((m, i) => (
              <tr key={m}>
                <th scope="row">{fmt.month(m)}</th>
                <td>{cell(trend.total.byMonth[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartFigure>

      {DIMENSIONS.map(([dim, titleKey]) => {
        const table = data.dimensions[dim];
        if (!table) return null; // a period computed before the sector breakdown existed
        const labels = table.values.map((v) => valueLabel(policy, dim, v, lang, t));
        const title = t(titleKey);
        if (!table.period) return <MonthsTable key={dim} id={dim} title={title} labels={labels} months={data.months} rows={table.byMonth} t={t} fmt={fmt} cell={cell} />;
        return (
          <ChartFigure key={dim} id={dim} title={title} kind="hbar" labels={labels} series={[{ label: t('stats.count'), data: table.period }]} format={fmt.num} chartLabel={t('stats.chartOf', { title })}>
            <table>
              <caption>{t('stats.tableOf', { title })}</caption>
              <thead>
                <tr>
                  <th scope="col">{title}</th>
                  <th scope="col">{t('stats.count')}</th>
                </tr>
              </thead>
              <tbody>
                {table.values.map((v, i) => (
                  <tr key={v} data-value={v}>
                    <th scope="row">{labels[i]}</th>
                    <td>{cell(table.period![i])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ChartFigure>
        );
      })}

      <ChartFigure
        id="deadlines"
        title={t('stats.deadlines')}
        kind="line"
        yMax={100}
        labels={data.months.map(fmt.shortMonth)}
        series={[
          { label: t('stats.ackShare'), data: data.compliance.byMonth.map((c) => c.acknowledge.sharePct) },
          { label: t('stats.answerShare'), data: data.compliance.byMonth.map((c) => c.answer.sharePct) },
        ]}
        format={fmt.pct}
        chartLabel={t('stats.chartOf', { title: t('stats.deadlines') })}
      >
        <p class="note">{t('stats.deadlinesNote')}</p>
        <ComplianceTable
          caption={t('stats.tableOf', { title: t('stats.deadlines') })}
          firstColumn={t('stats.month')}
          rows={data.months.map((m, i) => ({ key: m, label: fmt.month(m), figures: data.compliance.byMonth[i] }))}
          t={t}
          fmt={fmt}
        />
      </ChartFigure>
    </>
  );
}

type MonthsTableProps = { id: string; title: string; labels: string[]; months: string[]; rows: Cell[][]; t: T; fmt: Fmt; cell: (v: Cell) => preact.JSX.Element };

/** A year in progress: no year totals to chart, so the months are shown side by side in a table. */
function MonthsTable({ id, title, labels, months, rows, t, fmt, cell }: MonthsTableProps) {
  return (
    <section class="stat-section" aria-labelledby={`${id}-title`} data-table={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p class="note">{t('stats.yearNotComplete')}</p>
      <div class="scroll" tabIndex={0} role="region" aria-label={t('stats.tableOf', { title })}>
        <table>
          <caption>{t('stats.tableOf', { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{title}</th>
              {months.map((m) => (
                <th scope="col" key={m}>
                  {fmt.shortMonth(m)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, j) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {months.map((m, i) => (
                  <td key={m}>{cell(rows[i][j])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
