import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { NOTIFY_KINDS, type NotifyKind } from '../../core/jobs';
import { auditHash, cryptoReady, shortCaseRef } from '../../core/crypto';
import { Case } from '../../server/models/Case';
import { Membership } from '../../server/models/Membership';
import { Notification } from '../../server/models/Notification';
import { randomId, roundDown } from '../../server/infra/ids';
import type { WorkerContext } from '../context';

const Payload = z.strictObject({
  kind: z.enum(NOTIFY_KINDS),
  caseId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  /** `copy`/`notice`: the notified unit whose members are told (it must be one the case notified). */
  unitId: z.string().max(64).optional(),
});

type CaseTarget = { _id: string; unitId?: string; assigneeId?: string; purgedAt?: Date; recusedIds?: string[]; notifiedUnits?: string[] };

/**
 * Who hears of it: the assignee, else every active member; supervisors too when a deadline slips.
 * Never a member who recused from the case (a conflict of interest: nothing about it reaches them).
 */
async function recipientsOf(kind: NotifyKind, c: CaseTarget, notifiedUnit?: string): Promise<string[]> {
  if (kind === 'copy' || kind === 'notice') return notifiedUnitMembers(c, notifiedUnit);
  if (!c.unitId) return [];
  const recused = c.recusedIds ?? [];
  const active = { unitId: c.unitId, active: true, removedAt: { $exists: false }, investigatorId: { $nin: recused } };
  const ids = new Set<string>();
  if (c.assigneeId && !recused.includes(c.assigneeId)) ids.add(c.assigneeId);
  if (kind === 'overdue' || kind === 'escalation') {
    const sups = await Membership.find({ ...active, role: 'supervisor' }, { investigatorId: 1 }).lean<{ investigatorId: string }[]>();
    for (const s of sups) ids.add(s.investigatorId);
  }
  if (ids.size === 0) {
    const members = await Membership.find(active, { investigatorId: 1 }).limit(200).lean<{ investigatorId: string }[]>();
    for (const m of members) ids.add(m.investigatorId);
  }
  return [...ids].sort();
}

/**
 * A notified unit ("+ notify aca", "copy ethics"): every active member of it, told that a case
 * concerns the unit (and, with a copy view, that it can be read in the console's copies page).
 * Only a unit the routing recorded as notified: a forged job names no other.
 */
async function notifiedUnitMembers(c: CaseTarget, unitId: string | undefined): Promise<string[]> {
  if (!unitId || !(c.notifiedUnits ?? []).includes(unitId)) return [];
  const members = await Membership.find({ unitId, active: true, removedAt: { $exists: false }, investigatorId: { $nin: c.recusedIds ?? [] } }, { investigatorId: 1 }).limit(200).lean<{ investigatorId: string }[]>();
  return [...new Set(members.map((m) => m.investigatorId))].sort();
}

/**
 * Puts a notification in each recipient's console; the mail goes later, in a batch at the end
 * of the rounding bucket (workers/notifications/mailBatch.ts): mailed at once, it would tell the
 * mail relay when the reporter acted. `createdAt` is the bucket's start, `mailAfter` its end.
 * Idempotency: a notification's id is derived from the job id and the recipient, so a retried
 * job adds none twice.
 */
export async function notifyProcessor(data: unknown, ctx: WorkerContext, job?: Pick<Job, 'id'>) {
  const parsed = Payload.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError('malformed case.notify payload');
  const { kind, caseId, unitId: notifiedUnit } = parsed.data;
  const c = await Case.findById(caseId, { unitId: 1, assigneeId: 1, purgedAt: 1, recusedIds: 1, notifiedUnits: 1 }).lean<CaseTarget>();
  if (!c || c.purgedAt) return { notified: 0 };
  await cryptoReady();
  const recipients = await recipientsOf(kind, c, notifiedUnit);
  const jobKey = job?.id ?? randomId();
  const now = ctx.now();
  const { policy } = await ctx.policies.current(now);
  const createdAt = roundDown(now, policy.timeRoundingMinutes);
  const mailAfter = new Date(createdAt.getTime() + policy.timeRoundingMinutes * 60_000);
  const caseRef = shortCaseRef(caseId);
  const ids = recipients.map((investigatorId) => ({ investigatorId, _id: `n${auditHash(`${jobKey}\n${investigatorId}`).slice(0, 31)}` }));
  for (const r of ids) {
    await Notification.updateOne(
      { _id: r._id },
      { $setOnInsert: { investigatorId: r.investigatorId, kind, caseId, caseRef, read: false, mailed: false, createdAt, mailAfter } },
      { upsert: true },
    );
  }
  return { notified: recipients.length };
}
