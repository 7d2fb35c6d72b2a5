import { invalid } from '../../../core/errors';
import { Case } from '../../models/Case';
import { activeMemberships } from './caseAccess';

export type InboxFilters = {
  status?: 'open' | 'received' | 'acknowledged' | 'assessment' | 'investigation' | 'closed';
  category?: string;
  region?: string;
  deadline?: 'overdue' | 'due_soon' | 'on_time';
  mine?: boolean;
  unit?: string;
  page: number;
  pageSize: number;
};

const DUE_SOON_MS = 3 * 24 * 3600_000;

/** The inbox row: plaintext routing metadata and state only; nothing here needs a key. */
const ROW_FIELDS = { _id: 1, routing: 1, status: 1, outcome: 1, unitId: 1, assigneeId: 1, deadlines: 1, overdue: 1, labels: 1, receivedAt: 1, confidential: 1, messageCount: 1 };

/**
 * A page of the cases of the investigator's units, sorted by the deadline worker's next look
 * (`deadlines.nextDue`: the nearest deadline or reminder). Filters are equalities and ranges on
 * plaintext metadata (unitId, status, deadlines, assigneeId) and paging happens in the database:
 * on MongoDB the {unitId, status, deadlines.nextDue} index serves a page without reading the rest
 * (FerretDB 1.24 scans the collection whatever the indexes; docs/console.md §9).
 */
export async function readInbox(investigatorId: string, f: InboxFilters, now = new Date()) {
  const units = (await activeMemberships(investigatorId)).map((m) => m.unitId);
  if (f.unit && !units.includes(f.unit)) throw invalid('unit_not_yours', 'You are not a member of this unit.');
  const query: Record<string, unknown> = { unitId: f.unit ? f.unit : { $in: units }, purgedAt: { $exists: false }, recusedIds: { $ne: investigatorId } };
  if (f.status === 'open' || !f.status) query.status = { $ne: 'closed' };
  else query.status = f.status;
  if (f.category) query['routing.category'] = f.category;
  if (f.region) query['routing.region'] = f.region;
  if (f.mine) query.assigneeId = investigatorId;
  const soon = new Date(now.getTime() + DUE_SOON_MS);
  if (f.deadline === 'overdue') query.$or = [{ 'overdue.0': { $exists: true } }, ...activeDeadlineBefore(now)];
  if (f.deadline === 'due_soon') query.$or = activeDeadlineBetween(now, soon);
  if (f.deadline === 'on_time') query.$nor = [{ 'overdue.0': { $exists: true } }, ...activeDeadlineBefore(soon)];
  if (units.length === 0) return { items: [], page: f.page, pageSize: f.pageSize, hasMore: false };
  // One extra row tells whether a next page exists without counting the whole result set.
  const rows = await Case.find(query, ROW_FIELDS)
    .sort({ 'deadlines.nextDue': 1, _id: 1 })
    .skip((f.page - 1) * f.pageSize)
    .limit(f.pageSize + 1)
    .lean<Record<string, any>[]>();
  const items = rows.slice(0, f.pageSize).map((c) => ({
    id: c._id,
    routing: c.routing,
    status: c.status,
    outcome: c.outcome,
    unitId: c.unitId,
    assigneeId: c.assigneeId ?? null,
    mine: c.assigneeId === investigatorId,
    nextDue: c.deadlines?.nextDue ?? null,
    deadlineState: deadlineState(c as DeadlineFields, now),
    dueAt: nearestDeadline(c as DeadlineFields)?.toISOString() ?? null,
    overdue: c.overdue ?? [],
    labels: c.labels ?? [],
    receivedAt: c.receivedAt,
    confidential: Boolean(c.confidential),
    messageCount: c.messageCount ?? 0,
  }));
  return { items, page: f.page, pageSize: f.pageSize, hasMore: rows.length > f.pageSize };
}

// Which deadline fields still bind a case in each status (as workers/deadlines/plan.ts
// activeDeadlines): acknowledgement until acknowledged, triage decision until assessment
// starts, answer and feedback until closed.
const ACTIVE: [field: string, statuses: string[]][] = [
  ['acknowledgeBy', ['received']],
  ['triageDecisionBy', ['received', 'acknowledged']],
  ['answerBy', ['received', 'acknowledged', 'assessment', 'investigation']],
  ['feedbackBy', ['received', 'acknowledged', 'assessment', 'investigation']],
];
const activeDeadlineBefore = (t: Date) => ACTIVE.map(([field, statuses]) => ({ status: { $in: statuses }, [`deadlines.${field}`]: { $lt: t } }));
const activeDeadlineBetween = (a: Date, b: Date) => ACTIVE.map(([field, statuses]) => ({ status: { $in: statuses }, [`deadlines.${field}`]: { $gte: a, $lt: b } }));

type DeadlineFields = { status: string; deadlines?: Record<string, Date | string | undefined>; overdue?: string[] };

/** The earliest deadline that still binds the case (not the worker's next look, which may be a reminder). */
export function nearestDeadline(c: DeadlineFields): Date | undefined {
  const times = ACTIVE.filter(([, statuses]) => statuses.includes(c.status))
    .map(([field]) => c.deadlines?.[field])
    .filter((d): d is Date | string => Boolean(d))
    .map((d) => new Date(d).getTime());
  return times.length ? new Date(Math.min(...times)) : undefined;
}

/** The badge of a case: overdue (a deadline passed or flagged by the worker), due within three days, on time, or none. */
export function deadlineState(c: DeadlineFields, now: Date): 'overdue' | 'due_soon' | 'on_time' | 'none' {
  if (c.status === 'closed') return 'none';
  if ((c.overdue?.length ?? 0) > 0) return 'overdue';
  const due = nearestDeadline(c);
  if (!due) return 'none';
  if (due.getTime() < now.getTime()) return 'overdue';
  return due.getTime() < now.getTime() + DUE_SOON_MS ? 'due_soon' : 'on_time';
}
