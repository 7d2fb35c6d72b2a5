import { cryptoReady } from '../../core/crypto';
import { verifySignedPolicy, type Policy } from '../../core/policy';

/** Shapes of the open-data JSON (docs/statistics.md); `null` = suppressed. */
export type Cell = number | null;
export type DimTable = { values: string[]; byMonth: Cell[][]; period: Cell[] | null };
export type ClockFigures = { eligible: Cell; withinDeadline: Cell; sharePct: Cell; medianDays: Cell };
/** `extended`: cases whose answer deadline was extended (public tables only; null = suppressed). The answer figures count against the original deadline. */
export type Compliance = { acknowledge: ClockFigures; answer: ClockFigures; extended?: number | null };
export type PeriodData = {
  schema: string;
  period: string;
  granularity: 'year' | 'month';
  complete: boolean;
  disclosureControl: { k: number; publicationDelayDays: number };
  months: string[];
  total: { byMonth: Cell[]; period: Cell };
  dimensions: Record<'category' | 'region' | 'unitKind' | 'state', DimTable> & { sector?: DimTable };
  compliance: { byMonth: Compliance[]; period: Compliance | null };
};
export type PeriodList = { k: number | null; publicationDelayDays: number | null; lastMonth: string | null; periods: { period: string; granularity: 'year' | 'month'; complete: boolean }[] };
export type RiskQuarter = { quarter: string; categories: string[]; regions: string[]; cells: Cell[][]; categoryTotals: Cell[]; regionTotals: Cell[]; total: Cell };
export type UnitFigures = { unitId: string; acknowledge: ClockFigures; answer: ClockFigures };
export type ReportData = PeriodData & {
  risk: { quarters: RiskQuarter[]; previousYearQuarters: RiskQuarter[] };
  unitCompliance: Record<string, UnitFigures[]>;
};
export type Workload = { at: string; units: { unitId: string; open: number; overdue: number; unassigned: number }[] };

/** GET JSON; `status` is kept so the page can tell "sign in" (401) from "not allowed" (403). */
async function get<T>(path: string): Promise<{ ok: true; body: T } | { ok: false; status: number }> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) return { ok: false, status: res.status };
  return { ok: true, body: (await res.json()) as T };
}

export const statsApi = {
  periods: () => get<PeriodList>('/api/public/stats/periods'),
  period: (p: string) => get<PeriodData>(`/api/public/stats/${p}.json`),
  report: (p: string) => get<ReportData>(`/api/console/reports/${p}`),
  workload: () => get<Workload>('/api/console/reports/workload'),
};

/**
 * The signed policy, verified in this page against the root key pinned at build time: the
 * category, region and unit names shown come from it, so a server that was tampered with
 * cannot relabel the figures. Undefined when it does not verify (the page then shows codes).
 */
export async function loadVerifiedPolicy(): Promise<Policy | undefined> {
  try {
    await cryptoReady();
    const res = await fetch('/api/policy');
    if (!res.ok) return undefined;
    const { signed } = (await res.json()) as { signed: unknown };
    return verifySignedPolicy(signed, __CC_ROOT_PUBLIC_KEY__);
  } catch {
    return undefined;
  }
}
