/**
 * Live figures for supervisors only, behind console authentication: open and overdue cases
 * per unit now. They are not published and not suppressed (supervisors work these cases), and
 * carry counts only. Counted in application code (FerretDB: one accumulator per $group).
 */
import { Case } from '../models/Case';

export async function readNationalWorkload(now = new Date()) {
  const units = new Map<string, { open: number; overdue: number; unassigned: number }>();
  const cursor = Case.find({ status: { $ne: 'closed' }, purgedAt: { $exists: false } }, { unitId: 1, assigneeId: 1, 'deadlines.nextDue': 1, overdue: 1 })
    .lean<{ unitId?: string; assigneeId?: string; deadlines?: { nextDue?: Date }; overdue?: string[] }>()
    .cursor({ batchSize: 2000 });
  for await (const c of cursor) {
    const id = c.unitId ?? 'unrouted';
    let u = units.get(id);
    if (!u) units.set(id, (u = { open: 0, overdue: 0, unassigned: 0 }));
    u.open++;
    if ((c.overdue?.length ?? 0) > 0 || (c.deadlines?.nextDue && new Date(c.deadlines.nextDue) < now)) u.overdue++;
    if (!c.assigneeId) u.unassigned++;
  }
  return {
    at: now.toISOString(),
    units: [...units.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([unitId, u]) => ({ unitId, ...u })),
  };
}
