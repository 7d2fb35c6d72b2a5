import { Case } from '../../models/Case';
import { unitMembers } from './caseReader';

/**
 * A supervisor's view of a unit: members with their open-case counts, and the overdue open cases
 * (metadata only), leaving out the cases the viewer recused from. Counting is done here rather
 * than in an aggregation: FerretDB computes only one accumulator per $group, and a unit's open
 * cases fit in memory.
 */
export async function readUnitWorkload(unitId: string, viewerId: string, now = new Date()) {
  const found = await Case.find({ unitId, status: { $ne: 'closed' }, purgedAt: { $exists: false } }, { _id: 1, status: 1, assigneeId: 1, deadlines: 1, overdue: 1, routing: 1, recusedIds: 1 })
    .sort({ 'deadlines.nextDue': 1 })
    .limit(20_000)
    .lean<{ _id: string; status: string; assigneeId?: string; deadlines?: { nextDue?: Date }; overdue?: string[]; routing: { category: string; region: string }; recusedIds?: string[] }[]>();
  // A supervisor who recused from a case does not see it here either (not in counts, not listed).
  const open = found.filter((c) => !c.recusedIds?.includes(viewerId));
  const isOverdue = (c: (typeof open)[number]) => (c.deadlines?.nextDue && new Date(c.deadlines.nextDue) < now) || (c.overdue?.length ?? 0) > 0;
  const byStatus: Record<string, number> = {};
  const byAssignee: Record<string, number> = {};
  for (const c of open) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    const who = c.assigneeId ?? 'unassigned';
    byAssignee[who] = (byAssignee[who] ?? 0) + 1;
  }
  const overdue = open.filter(isOverdue);
  return {
    unitId,
    openCases: open.length,
    byStatus,
    members: (await unitMembers(unitId)).map((m) => ({ ...m, assignedOpen: byAssignee[m.id] ?? 0 })),
    unassigned: byAssignee.unassigned ?? 0,
    overdue: overdue.slice(0, 200).map((c) => ({ id: c._id, status: c.status, assigneeId: c.assigneeId ?? null, nextDue: c.deadlines?.nextDue ?? null, overdue: c.overdue ?? [], routing: c.routing })),
    overdueCount: overdue.length,
  };
}
