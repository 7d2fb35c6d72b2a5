import { invalid } from '../../../core/errors';
import type { InboxIndex } from '../../inbox/inboxIndex';
import type { InboxFilters } from '../../inbox/inboxRows';
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
  return inbox.page(investigatorId, units, f, now);
}
