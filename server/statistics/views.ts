/**
 * Views of stored statistics for readers: a month as a slice of its year (same suppression,
 * so the month page and the year page can never disagree), and the open-data JSON and CSV.
 * Suppressed figures are `null` in JSON and an empty value flagged "suppressed" in CSV.
 */
import { DIMENSIONS } from './aggregate';
import type { ComplianceFigures } from './compliance';
import type { Cell, CountsTables } from './publication';

/** The month at index `i` of a year's tables, as tables of its own (its row is its period). */
export function monthView(year: CountsTables, i: number): CountsTables & { complete: true } {
  const dims = {} as CountsTables['dims'];
  for (const d of DIMENSIONS) {
    const row = year.dims[d].byMonth[i];
    dims[d] = { values: year.dims[d].values, byMonth: [row], period: row };
  }
  const total = year.total.byMonth[i];
  return { complete: true, months: [year.months[i]], total: { byMonth: [total], period: total }, dims };
}

export type StoredCounts = CountsTables & { complete: boolean };
export type StoredCompliance = { months: string[]; byMonth: ComplianceFigures[]; period: ComplianceFigures | null; coveredMonths: Record<string, string[]> | null };
export type OpenDataMeta = { schema: string; period: string; k: number; publicationDelayDays: number; policyVersion: number };

/** The open-data JSON document of a period (schema in docs/statistics.md). */
export function openDataJson(meta: OpenDataMeta, counts: StoredCounts, compliance: StoredCompliance) {
  return {
    schema: meta.schema,
    period: meta.period,
    granularity: meta.period.length === 4 ? 'year' : 'month',
    complete: counts.complete,
    policyVersion: meta.policyVersion,
    disclosureControl: { k: meta.k, publicationDelayDays: meta.publicationDelayDays, suppressed: null },
    months: counts.months,
    total: counts.total,
    dimensions: counts.dims,
    compliance: { byMonth: compliance.byMonth, period: compliance.period, coveredMonths: compliance.coveredMonths },
  };
}

export const CSV_HEADER = ['period', 'month', 'table', 'key', 'measure', 'value', 'flag'] as const;

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Long ("tidy") CSV: one figure per line; `month` is "all" for the figure over the whole period. */
export function openDataCsv(meta: OpenDataMeta, counts: StoredCounts, compliance: StoredCompliance): string {
  const lines: string[] = [CSV_HEADER.join(',')];
  const put = (month: string, table: string, key: string, measure: string, value: Cell) =>
    lines.push([meta.period, month, table, key, measure, value === null ? '' : String(value), value === null ? 'suppressed' : ''].map(csvField).join(','));
  counts.months.forEach((m, i) => put(m, 'total', '', 'count', counts.total.byMonth[i]));
  if (counts.complete) put('all', 'total', '', 'count', counts.total.period);
  for (const d of DIMENSIONS) {
    const t = counts.dims[d];
    counts.months.forEach((m, i) => t.values.forEach((v, j) => put(m, d, v, 'count', t.byMonth[i][j])));
    if (t.period) t.values.forEach((v, j) => put('all', d, v, 'count', t.period![j]));
  }
  const clocks = (month: string, f: ComplianceFigures) => {
    for (const clock of ['acknowledge', 'answer'] as const) {
      put(month, clock, '', 'eligible', f[clock].eligible);
      put(month, clock, '', 'within_deadline', f[clock].withinDeadline);
      put(month, clock, '', 'share_pct', f[clock].sharePct);
      put(month, clock, '', 'median_days', f[clock].medianDays);
    }
    put(month, 'answer', '', 'extended_cases', f.extended ?? null);
    for (const [deadline, n] of Object.entries(f.flagged ?? {})) put(month, 'deadline', deadline, 'flagged_cases', n);
  };
  compliance.months.forEach((m, i) => clocks(m, compliance.byMonth[i]));
  if (compliance.period && meta.period.length === 4) clocks('all', compliance.period);
  return lines.join('\r\n') + '\r\n';
}
