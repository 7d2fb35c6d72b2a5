import { invalid } from '../../../core/errors';
import type { InboxIndex } from '../../inbox/inboxIndex';
import type { InboxFilters } from '../../inbox/inboxRows';
import { Investigator } from '../../models/Investigator';
import { activeMemberships } from './caseAccess';

export type { InboxFilters } from '../../inbox/inboxRows';

/**
 * A page of the cases of the investigator's units (active memberships), nearest deadline first.
 * Membership is read from the database at every request, so access ends the moment a
 * membership does; the rows themselves come from the in-memory inbox index.
 */
export async function readInbox(inbox: InboxIndex, investigatorId: string, f: InboxFilters, now = new Date()) {
  const units = (await activeMemberships(investigatorId)).map((m) => m.unitId);
  if (f.unit && !units.includes(f.unit)) throw invalid('unit_not_yours', 'You are not a member of this unit.');
  if (units.length === 0) return { items: [], page: f.page, pageSize: f.pageSize, total: 0, hasMore: false };
  const page = await inbox.page(investigatorId, units, f, now);
  const names = await assigneeNames(page.items.map((i) => i.assigneeId));
  return { ...page, items: page.items.map((i) => ({ ...i, assigneeName: i.assigneeId ? (names.get(i.assigneeId) ?? null) : null })) };
}

/**
 * Display names of a page's assignees (at most 50), so a supervisor sees who holds each case.
 * Colleagues' names are already shown to members in the case view and the unit's member list.
 */
async function assigneeNames(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const people = await Investigator.find({ _id: { $in: wanted } }, { displayName: 1, username: 1 }).lean<{ _id: string; displayName?: string; username: string }[]>();
  return new Map(people.map((p) => [p._id, p.displayName || p.username]));
}
