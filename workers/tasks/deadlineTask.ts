import type { Policy } from '../../core/policy';
import { computeDeadline, isExcludedUnit, type RoutingMetadata } from '../../core/routing';
import { Case } from '../../server/models/Case';
import { appendAudit, appendCaseAudit } from '../../server/audit/appendAudit';
import { roundDown } from '../../server/infra/ids';
import { withTimeout } from '../../server/infra/mongo';
import type { NotifyKind } from '../../core/jobs';
import { moveOpenCase, pickMember } from '../assignment';
import type { WorkerContext } from '../context';
import { planDeadlines, type DeadlineCase } from '../deadlines/plan';
import type { TrackedDeadline } from '../../core/lifecycle';
import { claimLeaseMs, withClaim } from '../claims';

type ScanCase = DeadlineCase & {
  _id: string;
  assigneeId?: string;
  recusedIds?: string[];
  escalationLevel?: number;
  wraps: { unitId: string }[];
};

type StoredCase = ScanCase & {
  routing: RoutingMetadata;
  criminalSigns?: { unitId?: string };
  extensions?: { noticeAt?: Date }[];
};

/** Reaching the day-60 alert tells the assignee; every other missed clock tells the unit head (supervisors) too. */
const notifyKindOf = (name: TrackedDeadline): NotifyKind => (name === 'investigationAlert' ? 'reminder' : 'overdue');

export type DeadlineScanResult = { scanned: number; reminders: number; overdue: number; escalated: number; unitHeadAlerts: number };

async function notify(ctx: WorkerContext, kind: NotifyKind, caseId: string, key: string) {
  try {
    await withTimeout(ctx.queues.enqueue('case.notify', { kind, caseId }, { jobId: `notify-${kind}-${caseId}-${key}`, removeOnComplete: true }), 2000);
  } catch {
    ctx.logger.warn({ kind }, 'deadline notification not queued');
  }
}

/**
 * One pass over the cases whose next deadline event is due at `now`: reminders, overdue flags,
 * escalation along the chain when the acknowledgement was missed. Every change is a guarded
 * update (a reminder key not yet recorded, a flag not yet set, the case still held by the unit
 * we escalate from), so two overlapping passes do each thing once. Another writer (the console)
 * asks for a fresh plan by setting `deadlines.nextDue` to now.
 */
export async function runDeadlineScan(ctx: WorkerContext, now = ctx.now(), limit = 500): Promise<DeadlineScanResult> {
  // After every policy expired, the clocks of received cases keep running on the last one (weekends only past its calendar).
  const { policy, expired } = await ctx.policies.forClocks(now);
  if (expired) ctx.logger.error('no valid policy: deadlines run on the expired one, unverified (sign a new policy)');
  const due = await Case.find(
    { routeState: 'routed', status: { $ne: 'closed' }, purgedAt: { $exists: false }, 'deadlines.nextDue': { $lte: now } },
    { _id: 1 },
  )
    .limit(limit)
    .lean<{ _id: string }[]>();
  const result: DeadlineScanResult = { scanned: due.length, reminders: 0, overdue: 0, escalated: 0, unitHeadAlerts: 0 };
  for (const raw of due) {
    // One pass at a time per case: the guarded updates below are not atomic on FerretDB.
    await withClaim(`case:${raw._id}`, now, claimLeaseMs(ctx.env.WORKER_LOCK_SECONDS), () => processCase(ctx, policy, raw, now, result));
    // Overdue flags, the next look and escalations all show in the inbox.
    await ctx.caseChanged(raw._id);
  }
  return result;
}

async function processCase(ctx: WorkerContext, policy: Policy, raw: { _id: string }, now: Date, result: DeadlineScanResult) {
  // Read again under the claim: a pass that held it a moment ago may have changed the case.
  const fresh = await Case.findById(raw._id, {
    status: 1, unitId: 1, chain: 1, wraps: 1, deadlines: 1, remindersSent: 1, overdue: 1, assigneeId: 1, recusedIds: 1,
    escalationLevel: 1, slaLevel: 1, routing: 1, criminalSigns: 1, extensions: 1,
  }).lean<StoredCase>();
  if (!fresh || fresh.status === 'closed') return;
  const wrappedUnits = (fresh.wraps ?? []).map((w) => w.unitId);
  const c: ScanCase = {
    ...fresh,
    wrappedUnits,
    remindersSent: fresh.remindersSent ?? [],
    overdue: fresh.overdue ?? [],
    // Never escalate to a unit the current policy excludes for this case, even if an older route listed it.
    excludedUnits: wrappedUnits.filter((u) => isExcludedUnit(policy, fresh.routing, u)),
    facts: {
      criminalReferralPending: Boolean(fresh.criminalSigns?.unitId) && fresh.criminalSigns!.unitId === fresh.unitId,
      extensionNoticePending: (fresh.extensions ?? []).some((e) => !e.noticeAt),
    },
  };
  const plan = planDeadlines(policy, c, now);
  for (const r of plan.reminders) {
    const res = await Case.updateOne({ _id: c._id, remindersSent: { $ne: r.key } }, { $addToSet: { remindersSent: r.key } });
    if (res.modifiedCount !== 1) continue;
    result.reminders++;
    await notify(ctx, 'reminder', c._id, r.key.replace(/[^A-Za-z0-9@_-]/g, '_'));
  }
  for (const name of plan.newlyOverdue) {
    const res = await Case.updateOne({ _id: c._id, overdue: { $ne: name } }, { $addToSet: { overdue: name } });
    if (res.modifiedCount !== 1) continue;
    result.overdue++;
    await appendCaseAudit(c._id, c.unitId, { actor: 'system', action: 'deadline_missed', details: { deadline: name }, onceKey: `missed:${name}:${c.unitId}` });
    await notify(ctx, notifyKindOf(name), c._id, name);
  }
  if (plan.alertUnitHead && (await alertUnitHead(ctx, policy, c, now))) {
    result.unitHeadAlerts++;
    return;
  }
  if (plan.escalateTo && (await escalateCase(ctx, policy, c, plan.escalateTo, now))) {
    result.escalated++;
    return;
  }
  await Case.updateOne({ _id: c._id }, plan.nextDue ? { $set: { 'deadlines.nextDue': plan.nextDue } } : { $unset: { 'deadlines.nextDue': 1 } });
}

/**
 * First SLA step of a missed acknowledgement: the unit head (the holding unit's supervisors,
 * told by the overdue notification) gets one more acknowledgement period before the case
 * climbs to oversight. Guarded on the SLA level, so it happens once.
 */
async function alertUnitHead(ctx: WorkerContext, policy: Policy, c: ScanCase, now: Date): Promise<boolean> {
  const acknowledgeBy = computeDeadline(policy, 'acknowledge', now)!;
  const after = planDeadlines(policy, { ...c, slaLevel: 1, overdue: [...c.overdue, 'acknowledge'], deadlines: { ...c.deadlines, acknowledgeBy } }, now);
  const won = await Case.updateOne(
    { _id: c._id, unitId: c.unitId, status: 'received', slaLevel: { $in: [0, null] } },
    { $set: { slaLevel: 1, 'deadlines.acknowledgeBy': acknowledgeBy, ...(after.nextDue ? { 'deadlines.nextDue': after.nextDue } : {}) } },
  );
  if (won.modifiedCount !== 1) return false;
  await appendCaseAudit(c._id, c.unitId, { actor: 'system', action: 'sla.unit_head', details: { deadline: 'acknowledge', acknowledgeBy: acknowledgeBy.toISOString() }, onceKey: 'sla:unit_head' });
  return true;
}

/**
 * Moves a case whose acknowledgement was missed even after the unit head's extra period to the
 * next oversight unit of the policy's SLA chain holding a wrap (so no human has to re-seal
 * anything), assigns a member there, and gives that unit a fresh acknowledgement deadline. Guarded on the case still being unacknowledged at the same unit
 * and level, so the move happens once however many passes race.
 */
export async function escalateCase(ctx: WorkerContext, policy: Policy, c: ScanCase, to: string, now: Date): Promise<boolean> {
  const level = c.escalationLevel ?? 0;
  const member = await pickMember(to, c.recusedIds ?? []);
  const acknowledgeBy = computeDeadline(policy, 'acknowledge', now)!;
  const after = planDeadlines(policy, { ...c, unitId: to, slaLevel: (c.slaLevel ?? 1) + 1, deadlines: { ...c.deadlines, acknowledgeBy } }, now);
  const update: Record<string, object> = {
    $set: {
      unitId: to,
      'deadlines.acknowledgeBy': acknowledgeBy,
      // The oversight unit gets its own competence window, from now (triage has none).
      ...(to !== policy.triageUnit && policy.deadlines.competenceDecline ? { 'deadlines.competenceDeclineBy': computeDeadline(policy, 'competenceDecline', now) } : {}),
      ...(after.nextDue ? { 'deadlines.nextDue': after.nextDue } : {}),
      ...(member ? { assigneeId: member.investigatorId } : {}),
    },
    $inc: { escalationLevel: 1, slaLevel: 1 },
    // The reporter sees that the case moved on, not where to.
    $push: { timeline: { kind: 'transferred', at: roundDown(now, policy.timeRoundingMinutes) } },
  };
  if (!member) update.$unset = { assigneeId: 1 };
  const won = await Case.updateOne({ _id: c._id, unitId: c.unitId, status: 'received', escalationLevel: level }, update);
  if (won.modifiedCount !== 1) return false;
  await moveOpenCase({ unitId: c.unitId, investigatorId: c.assigneeId }, { unitId: to, investigatorId: member?.investigatorId });
  const details = { from: c.unitId ?? null, to, reason: 'acknowledge_missed', chain: 'sla', level: level + 1, assigneeId: member?.investigatorId ?? null };
  const onceKey = `escalated:${level + 1}`;
  await appendCaseAudit(c._id, c.unitId, { actor: 'system', action: 'escalated', details, onceKey });
  await appendAudit({ scope: `unit:${to}`, actor: 'system', action: 'escalated_in', details: { caseId: c._id, ...details }, onceKey: `${c._id}:${onceKey}` });
  await notify(ctx, 'escalation', c._id, String(level + 1));
  return true;
}
