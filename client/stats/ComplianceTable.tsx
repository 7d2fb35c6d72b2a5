import type { ComponentChildren } from 'preact';
import { Figure } from './ChartFigure';
import type { Compliance } from './data';
import type { formatters } from './format';

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * Deadline compliance as a table (acknowledgement and answer: share on time, median days), one
 * row per month or per unit. Suppressed cells say so in words, as everywhere on the page.
 */
export function ComplianceTable(props: {
  caption: ComponentChildren;
  firstColumn: string;
  rows: { key: string; label: ComponentChildren; figures: Compliance }[];
  t: T;
  fmt: ReturnType<typeof formatters>;
  /** `data-units` of the unit tables (the print view and tests find them by period). */
  unitsPeriod?: string;
}) {
  const { t, fmt } = props;
  // The public tables carry the count of extended cases; the per-unit tables do not.
  const withExtended = props.rows.some((r) => r.figures.extended !== undefined);
  const cell = (v: Compliance['answer']['sharePct'], f: (v: Compliance['answer']['sharePct']) => string) => <Figure text={f(v)} hidden={v === null} hiddenText={t('stats.suppressed')} />;
  return (
    <table data-units={props.unitsPeriod}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.firstColumn}</th>
          <th scope="col">{t('stats.ackShare')}</th>
          <th scope="col">{t('stats.ackMedian')}</th>
          <th scope="col">{t('stats.answerShare')}</th>
          <th scope="col">{t('stats.answerMedian')}</th>
          {withExtended && <th scope="col">{t('stats.extendedCases')}</th>}
        </tr>
      </thead>
      <tbody>
        {props.rows.map(({ key, label, figures }) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            <td>{cell(figures.acknowledge.sharePct, fmt.pct)}</td>
            <td>{cell(figures.acknowledge.medianDays, fmt.days)}</td>
            <td>{cell(figures.answer.sharePct, fmt.pct)}</td>
            <td>{cell(figures.answer.medianDays, fmt.days)}</td>
            {withExtended && <td>{cell(figures.extended ?? null, (v) => String(v))}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
