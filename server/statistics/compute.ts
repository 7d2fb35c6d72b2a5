/**
 * Recomputes every published statistic from the cases and stores it (the statistics task's
 * whole job). Reads only a projection of plaintext metadata through a cursor, counts in
 * memory per cell, suppresses, and upserts one document per period and table.
 *
 * Idempotent: the output depends only on the cases, the current policy and the day (`asOf`
 * is the start of the local day), documents are upserted by key with no timestamps, and
 * documents of periods that are no longer produced are removed. Running it twice, or in two
 * workers at once, leaves the same collection.
 */
import type { Policy } from '../../core/policy';
import { Case } from '../models/Case';
import { Statistic } from '../models/Statistic';
import type { PolicyStore } from '../policy/policyStore';
import { CASE_PROJECTION, STATES, Tally, caseFacts, type CaseMetadata, type Dimension } from './aggregate';
import { monthCompliance, periodCompliance, unitCompliance } from './compliance';
import { lastPublishableMonth, monthRange, monthStart, monthsOfQuarter, nextMonth } from './periods';
import { publishYear, type Domain, type YearPublication } from './publication';
import { monthView } from './views';

export const STATS_SCHEMA = 'clearchannel-stats/1';
const DAY_MS = 86_400_000;

export type ComputeResult = { cases: number; periods: string[]; lastMonth: string | null; documents: number };

/** Values of each dimension: the policy's, in its order, then any older value still in the data. */
export function domainOf(policy: Policy, tally: Tally): Domain {
  const withSeen = (listed: string[], d: Dimension) => [...listed, ...[...tally.seen(d)].filter((v) => !listed.includes(v)).sort()];
  return {
    category: withSeen(policy.categories.map((c) => c.id), 'category'),
    region: withSeen([...policy.regions.map((r) => r.code as string), 'unknown'], 'region'),
    unitKind: withSeen([...policy.unitKinds.map((u) => u.id), 'unrouted'], 'unitKind'),
    state: withSeen([...STATES], 'state'),
    sector: withSeen([...(policy.sectors ?? []).map((s) => s.id), 'none'], 'sector'),
  };
}

/** The start of the local day of `now`: statistics computed on the same day are identical. */
export function asOfDay(now: Date, utcOffsetMinutes: number): Date {
  const offset = utcOffsetMinutes * 60_000;
  return new Date(Math.floor((now.getTime() + offset) / DAY_MS) * DAY_MS - offset);
}

/** Streams the cases received before `before` into a tally. */
export async function tallyCases(before: Date, asOf: Date, utcOffsetMinutes: number): Promise<{ tally: Tally; cases: number }> {
  const tally = new Tally();
  let cases = 0;
  const cursor = Case.find({ receivedAt: { $lt: before } }, CASE_PROJECTION).lean<CaseMetadata>().cursor({ batchSize: 2000 });
  for await (const doc of cursor) {
    tally.add(caseFacts(doc as CaseMetadata, asOf, utcOffsetMinutes));
    cases++;
  }
  return { tally, cases };
}

type StatDoc = { _id: string; period: string; table: string; audience: 'public' | 'supervisors'; data: unknown };

/** All documents for the tally: per year and per month, public and supervisors' tables. */
export function buildDocuments(policy: Policy, tally: Tally, lastMonth: string): StatDoc[] {
  const k = policy.statistics.kAnonymityThreshold;
  const months = [...tally.months.keys()].filter((m) => m <= lastMonth).sort();
  if (!months.length) return [];
  const published = new Set(monthRange(months[0], lastMonth));
  const domain = domainOf(policy, tally);
  const docs: StatDoc[] = [];
  const completeYears: string[] = [];
  const doc = (period: string, table: string, audience: StatDoc['audience'], data: unknown) => docs.push({ _id: `${period}:${table}`, period, table, audience, data });

  for (let year = Number(months[0].slice(0, 4)); year <= Number(lastMonth.slice(0, 4)); year++) {
    const pub: YearPublication = publishYear(String(year), published, tally, domain, k);
    const monthly = pub.counts.months.map((m) => ({ month: m, tally: tally.month(m), published: monthCompliance(tally.month(m), pub.hiddenMonths.includes(m), k) }));
    const yearCompliance = pub.complete ? periodCompliance(monthly, k) : null;
    if (pub.complete) completeYears.push(String(year));
    doc(String(year), 'counts', 'public', { complete: pub.complete, ...pub.counts });
    doc(String(year), 'compliance', 'public', {
      months: pub.counts.months,
      byMonth: monthly.map((m) => m.published),
      period: yearCompliance?.figures ?? null,
      coveredMonths: yearCompliance?.covered ?? null,
    });
    doc(String(year), 'risk', 'supervisors', { quarters: pub.quarters });
    const unitPeriods: Record<string, unknown> = {};
    for (const q of pub.quarters) unitPeriods[q.quarter] = unitCompliance(monthsOfQuarter(q.quarter).map((m) => tally.month(m)), k);
    if (pub.complete) unitPeriods[String(year)] = unitCompliance(pub.counts.months.map((m) => tally.month(m)), k);
    doc(String(year), 'unitCompliance', 'supervisors', { periods: unitPeriods });

    pub.counts.months.forEach((m, i) => {
      doc(m, 'counts', 'public', monthView(pub.counts, i));
      doc(m, 'compliance', 'public', { months: [m], byMonth: [monthly[i].published], period: monthly[i].published, coveredMonths: null });
      doc(m, 'unitCompliance', 'supervisors', { periods: { [m]: unitCompliance([tally.month(m)], k) } });
    });
  }
  const periods = [...new Set(docs.map((d) => d.period))].sort();
  doc('index', 'periods', 'public', { periods, lastMonth, completeYears, domain });
  return docs;
}

/** Reads the cases, builds every document and stores them; removes documents no longer produced. */
export async function computeStatistics(deps: { policies: PolicyStore; now?: Date }): Promise<ComputeResult> {
  // After every policy expired, the last one still gives the threshold and the calendar: publication goes on.
  const { policy } = await deps.policies.forClocks(deps.now);
  const offset = policy.calendar.utcOffsetMinutes;
  const now = deps.now ?? new Date();
  const asOf = asOfDay(now, offset);
  const lastMonth = lastPublishableMonth(asOf, policy.statistics.publicationDelayDays, offset);
  const { tally, cases } = await tallyCases(monthStart(nextMonth(lastMonth), offset), asOf, offset);
  const docs = buildDocuments(policy, tally, lastMonth);
  const common = { schema: STATS_SCHEMA, k: policy.statistics.kAnonymityThreshold, publicationDelayDays: policy.statistics.publicationDelayDays, policyVersion: policy.version };
  for (const d of docs) {
    await Statistic.updateOne({ _id: d._id }, { $set: { ...common, period: d.period, table: d.table, audience: d.audience, data: JSON.stringify(d.data) } }, { upsert: true });
  }
  await Statistic.deleteMany({ _id: { $nin: docs.map((d) => d._id) } });
  const periods = docs.filter((d) => d.table === 'counts').map((d) => d.period);
  return { cases, periods, lastMonth: docs.length ? lastMonth : null, documents: docs.length };
}
