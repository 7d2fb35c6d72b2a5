import { activeDeadlines, FIELD_OF, isLimit } from '../../core/lifecycle';

/**
 * Inbox rows: the plaintext metadata of a routed case that the inbox filters, sorts and shows
 * (nothing here needs a key), and the pure selection of one page. The InboxIndex keeps these rows
 * in memory; this file only knows how to build one from a case document and how to pick a page.
 */

export type InboxFilters = {
  /** Absent or `open`: anything but closed; `all`: every status. */
  status?: 'open' | 'all' | 'received' | 'acknowledged' | 'assessment' | 'investigation' | 'closed';
  category?: string;
  region?: string;
  deadline?: 'overdue' | 'due_soon' | 'on_time';
  mine?: boolean;
  unit?: string;
  /** The start of a case id as shown in the console ("QzS-JI-T"): finds a case someone quotes. */
  ref?: string;
  page: number;
  pageSize: number;
};

export type InboxRow = {
  id: string;
  unitId: string;
  status: string;
  outcome?: string;
  routing: Record<string, unknown>;
  assigneeId?: string;
  deadlines: Record<string, Date | undefined>;
  /** `deadlines.nextDue` in ms (the sort key); Infinity when the worker has nothing planned. */
  nextDueMs: number;
  overdue: string[];
  /** Criminal signs recorded at the holding unit: the referral deadline binds (core/lifecycle activeDeadlines). */
  criminalReferralPending?: boolean;
  labels: string[];
  receivedAt?: Date;
  confidential: boolean;
  messageCount: number;
  recusedIds: string[];
};

/** The case fields an inbox row is made of: the projection used to read them. */
export const ROW_FIELDS = {
  _id: 1,
  routing: 1,
  status: 1,
  outcome: 1,
  unitId: 1,
  assigneeId: 1,
  deadlines: 1,
  overdue: 1,
  criminalSigns: 1,
  labels: 1,
  receivedAt: 1,
  confidential: 1,
  messageCount: 1,
  recusedIds: 1,
  purgedAt: 1,
} as const;

const DUE_SOON_MS = 3 * 24 * 3600_000;

/** The row of a case document, or undefined when the case belongs in no inbox (not routed yet, or purged). */
export function toInboxRow(doc: Record<string, any> | null | undefined): InboxRow | undefined {
  if (!doc || !doc.unitId || doc.purgedAt) return undefined;
  const deadlines: Record<string, Date | undefined> = {};
  for (const [k, v] of Object.entries(doc.deadlines ?? {})) if (v) deadlines[k] = new Date(v as string | Date);
  return {
    id: String(doc._id),
    unitId: doc.unitId,
    status: doc.status,
    outcome: doc.outcome,
    routing: doc.routing ?? {},
    assigneeId: doc.assigneeId ?? undefined,
    deadlines,
    nextDueMs: deadlines.nextDue ? deadlines.nextDue.getTime() : Infinity,
    overdue: doc.overdue ?? [],
    criminalReferralPending: Boolean(doc.criminalSigns?.unitId) && doc.criminalSigns.unitId === doc.unitId,
    labels: doc.labels ?? [],
    receivedAt: doc.receivedAt ? new Date(doc.receivedAt) : undefined,
    confidential: Boolean(doc.confidential),
    messageCount: doc.messageCount ?? 0,
    recusedIds: doc.recusedIds ?? [],
  };
}

/**
 * One page of the inbox of `viewerId`, a member of `units`: open cases unless a status is asked
 * for, never those the viewer recused from, nearest `deadlines.nextDue` first (cases with nothing
 * planned last), ties by id so pages are stable. One extra row tells whether a next page exists.
 */
export function selectInboxPage(rows: Iterable<InboxRow>, viewerId: string, units: string[], f: InboxFilters, now: Date) {
  const unitSet = new Set(f.unit ? [f.unit] : units);
  const matching: InboxRow[] = [];
  for (const r of rows) {
    if (!unitSet.has(r.unitId) || r.recusedIds.includes(viewerId)) continue;
    if (!f.status || f.status === 'open' ? r.status === 'closed' : f.status !== 'all' && r.status !== f.status) continue;
    if (f.category && r.routing.category !== f.category) continue;
    if (f.region && r.routing.region !== f.region) continue;
    if (f.mine && r.assigneeId !== viewerId) continue;
    if (f.ref && !r.id.startsWith(f.ref)) continue;
    if (f.deadline && !deadlineFilterMatches(f.deadline, deadlineState(r, now))) continue;
    matching.push(r);
  }
  matching.sort((a, b) => a.nextDueMs - b.nextDueMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const start = (f.page - 1) * f.pageSize;
  const page = matching.slice(start, start + f.pageSize + 1);
  return {
    items: page.slice(0, f.pageSize).map((r) => presentRow(r, viewerId, now)),
    page: f.page,
    pageSize: f.pageSize,
    total: matching.length,
    hasMore: page.length > f.pageSize,
  };
}

// "On time" means neither overdue nor due soon: cases without a binding deadline count as on time.
function deadlineFilterMatches(filter: 'overdue' | 'due_soon' | 'on_time', state: ReturnType<typeof deadlineState>) {
  return filter === 'on_time' ? state === 'on_time' || state === 'none' : state === filter;
}

function presentRow(r: InboxRow, viewerId: string, now: Date) {
  return {
    id: r.id,
    routing: r.routing,
    status: r.status,
    outcome: r.outcome,
    unitId: r.unitId,
    assigneeId: r.assigneeId ?? null,
    mine: r.assigneeId === viewerId,
    nextDue: r.deadlines.nextDue ?? null,
    deadlineState: deadlineState(r, now),
    dueAt: nearestDeadline(r)?.toISOString() ?? null,
    overdue: r.overdue,
    labels: r.labels,
    receivedAt: r.receivedAt,
    confidential: r.confidential,
    messageCount: r.messageCount,
  };
}

type DeadlineFields = { status: string; deadlines?: Record<string, Date | string | undefined>; overdue?: string[]; criminalReferralPending?: boolean };

/** The earliest deadline that still binds the case (not the worker's next look, which may be a reminder). */
export function nearestDeadline(c: DeadlineFields): Date | undefined {
  // Limits only: the investigation alerts and the competence window are not deadlines of the case.
  const times = activeDeadlines(c.status, { criminalReferralPending: c.criminalReferralPending })
    .filter(isLimit)
    .map((name) => c.deadlines?.[FIELD_OF[name]])
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
