/**
 * Reading stored statistics for the routes. Documents are served as the task stored them
 * (already suppressed); a period is addressed by its stable name ("2025", "2025-03").
 */
import { notFound } from '../../core/errors';
import { Statistic } from '../models/Statistic';
import { quarterOf } from './periods';
import { openDataJson, type OpenDataMeta, type StoredCompliance, type StoredCounts } from './views';
import type { RiskQuarter } from './publication';

type Doc<T> = { _id: string; period: string; table: string; audience: string; schema: string; k: number; publicationDelayDays: number; policyVersion: number; data: T };

async function find<T>(id: string): Promise<Doc<T> | null> {
  const doc = await Statistic.findById(id).lean<Omit<Doc<T>, 'data'> & { data: string }>();
  return doc ? { ...doc, data: JSON.parse(doc.data) as T } : null;
}

export type PeriodIndex = { periods: string[]; lastMonth: string; completeYears: string[]; domain: Record<string, string[]> };

/** The list of published periods (empty before the first month is published). */
export async function readPeriodIndex() {
  const doc = await find<PeriodIndex>('index:periods');
  return {
    schema: doc?.schema ?? 'clearchannel-stats/1',
    k: doc?.k ?? null,
    publicationDelayDays: doc?.publicationDelayDays ?? null,
    policyVersion: doc?.policyVersion ?? null,
    lastMonth: doc?.data.lastMonth ?? null,
    periods: (doc?.data.periods ?? []).map((period) => ({
      period,
      granularity: period.length === 4 ? 'year' : 'month',
      complete: period.length === 4 ? doc!.data.completeYears.includes(period) : true,
    })),
  };
}

/** The public figures of a period: metadata, counts and compliance, or 404. */
export async function readPublicPeriod(period: string) {
  const [counts, compliance] = await Promise.all([find<StoredCounts>(`${period}:counts`), find<StoredCompliance>(`${period}:compliance`)]);
  if (!counts || !compliance) throw notFound('period_not_found', `No statistics are published for ${period}.`);
  const meta: OpenDataMeta = { schema: counts.schema, period, k: counts.k, publicationDelayDays: counts.publicationDelayDays, policyVersion: counts.policyVersion };
  return { meta, counts: counts.data, compliance: compliance.data };
}

/**
 * The supervisors' national report of a period: the public figures, the category × region
 * risk tables (all quarters of a year; a month's own quarter once complete) and deadline
 * compliance per unit. Every figure here comes from the same suppressed aggregates.
 */
export async function readSupervisorReport(period: string) {
  const pub = await readPublicPeriod(period);
  const year = period.slice(0, 4);
  const risk = await find<{ quarters: RiskQuarter[] }>(`${year}:risk`);
  const units = await find<{ periods: Record<string, unknown> }>(`${period}:unitCompliance`);
  const quarters = (risk?.data.quarters ?? []).filter((q) => period.length === 4 || q.quarter === quarterOf(period));
  // The previous year's quarters, for trends across the year boundary.
  const previous = await find<{ quarters: RiskQuarter[] }>(`${Number(year) - 1}:risk`);
  return {
    ...openDataJson(pub.meta, pub.counts, pub.compliance),
    risk: { quarters, previousYearQuarters: previous?.data.quarters ?? [] },
    unitCompliance: units?.data.periods ?? {},
  };
}
