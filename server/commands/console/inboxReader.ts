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
 * A page of the cases of the investigator's units, nearest deadline first. Every filter is an
 * equality or range on indexed plaintext metadata (unitId, status, deadlines.nextDue,
 * assigneeId), and paging happens in the database, so a page costs the same with 10,000 cases.
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
  if (f.deadline === 'overdue') query['deadlines.nextDue'] = { $lt: now };
  if (f.deadline === 'due_soon') query['deadlines.nextDue'] = { $gte: now, $lt: new Date(now.getTime() + DUE_SOON_MS) };
  if (f.deadline === 'on_time') query['deadlines.nextDue'] = { $gte: new Date(now.getTime() + DUE_SOON_MS) };
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
    deadlineState: deadlineState(c.deadlines?.nextDue, c.status, now),
    overdue: c.overdue ?? [],
    labels: c.labels ?? [],
    receivedAt: c.receivedAt,
    confidential: Boolean(c.confidential),
    messageCount: c.messageCount ?? 0,
  }));
  return { items, page: f.page, pageSize: f.pageSize, hasMore: rows.length > f.pageSize };
}

/** The badge of a case: overdue, due within three days, on time, or none (closed, no deadline). */
export function deadlineState(nextDue: Date | undefined, status: string, now: Date): 'overdue' | 'due_soon' | 'on_time' | 'none' {
  if (!nextDue || status === 'closed') return 'none';
  const t = new Date(nextDue).getTime();
  if (t < now.getTime()) return 'overdue';
  return t < now.getTime() + DUE_SOON_MS ? 'due_soon' : 'on_time';
}
