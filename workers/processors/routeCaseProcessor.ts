import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { computeDeadlines, firstWrappedUnit, routeCase, type RoutingMetadata } from '../../core/routing';
import { Case } from '../../server/models/Case';
import { roundDown } from '../../server/infra/ids';
import { pickMember } from '../assignment';
import type { WorkerContext } from '../context';
import { planDeadlines } from '../deadlines/plan';
import { effectsOwed, finishRouteEffects, oweEffects } from '../routeEffects';
import { claimLeaseMs, withClaim } from '../claims';
import { settleReservation } from '../memberReservations';

const Payload = z.strictObject({ caseId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });

type PendingCase = {
  _id: string;
  routeState: 'pending' | 'routed';
  routing: RoutingMetadata;
  wraps: { unitId: string; generation: number }[];
  recusedIds?: string[];
  receivedAt: Date;
  purgedAt?: Date;
};

/**
 * Routes a stored case: evaluates its routing metadata with the current signed policy (the
 * same core/routing code the browser ran), takes the first unit of the route holding a DEK wrap
 * (else triage), assigns the least-loaded member who is not recused, computes the deadlines.
 *
 * Idempotency: every write that decides the routing is ONE update filtered on
 * `routeState: 'pending'`. A second run, a concurrent run, or a rerun after a crash finds the
 * case routed and changes nothing; only the run whose update matched goes on to the side
 * effects (counter, audit, notification), which are recorded as owed before that update and
 * finished idempotently (workers/routeEffects.ts), so a crash between the two loses none.
 * The whole run holds the case's claim (a unique insert): FerretDB's conditional updates are not
 * atomic under concurrency, so on it the guard alone would not stop two simultaneous runs.
 */
export async function routeCaseProcessor(data: unknown, ctx: WorkerContext) {
  const parsed = Payload.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError('malformed case.route payload');
  const { caseId } = parsed.data;
  const now = ctx.now();
  const run = await withClaim(`route:${caseId}`, now, claimLeaseMs(ctx.env.WORKER_LOCK_SECONDS), () =>
    // Whatever happened, the member picked for this case no longer waits for its counter.
    routeOnce(ctx, caseId, now).finally(() => settleReservation(caseId)),
  );
  // Another run holds the case (or died holding it, until the lease ends): retry later.
  if (!run.held) throw new Error('case busy');
  return run.value;
}

async function routeOnce(ctx: WorkerContext, caseId: string, now: Date) {
  const c = await Case.findById(caseId, { routeState: 1, routing: 1, wraps: 1, recusedIds: 1, receivedAt: 1, purgedAt: 1 }).lean<PendingCase>();
  if (!c || c.purgedAt) return { result: 'no_case' };
  if (c.routeState === 'routed') {
    if (await effectsOwed(caseId)) await finishRouteEffects(ctx, caseId);
    return { result: 'already_routed' };
  }

  // A case received before every policy expired is still routed and timed (on the last policy, unverified).
  const { policy, expired } = await ctx.policies.forClocks(now);
  const route = routeCase(policy, { ...c.routing, flags: c.routing.flags ?? [] });
  const unitId = firstWrappedUnit(route, c.wraps.map((w) => w.unitId));
  const generation = c.wraps.find((w) => w.unitId === unitId)?.generation;
  const member = await pickMember(unitId, c.recusedIds ?? [], generation, caseId);
  const receivedAt = new Date(c.receivedAt);
  // The unit is assigned now: the competence window counts from the routing, not the receipt.
  const d = computeDeadlines(policy, receivedAt, { assigned: now });
  // Every clock that starts at receipt (or at this assignment). The criminal referral and the
  // extension notice start with their events (console actions); the feedback is recounted at
  // acknowledgement by the console. The original answer deadline stays for the statistics.
  const deadlines = {
    acknowledgeBy: d.acknowledgeBy,
    triageDecisionBy: d.triageDecisionBy,
    answerBy: d.answerBy,
    originalAnswerBy: d.answerBy,
    feedbackBy: d.feedbackBy,
    investigationAlertAt: d.investigationAlertAt,
    investigationEscalationAt: d.investigationEscalationAt,
    ...(d.competenceDeclineBy && unitId !== policy.triageUnit ? { competenceDeclineBy: d.competenceDeclineBy } : {}),
  };
  const unverified = expired || d.unverified;
  const chain = [route.primaryUnit, ...route.escalationChain];
  const { nextDue } = planDeadlines(policy, { status: 'received', unitId, chain, wrappedUnits: [], deadlines, remindersSent: [], overdue: [] }, now);
  // Rounded like receivedAt: the routing happens seconds after the submission and would date it.
  const routedAt = roundDown(now, policy.timeRoundingMinutes);

  const set: Record<string, unknown> = {
    routeState: 'routed',
    unitId,
    ruleId: route.ruleId,
    chain,
    // Notified units are told in the route effects; those with a copy view and a wrap may read it (docs/console.md §Copies).
    notifiedUnits: route.notifyUnits,
    copyUnits: route.copyUnits.filter((u) => c.wraps.some((w) => w.unitId === u)),
    routedAt,
    deadlines: { ...deadlines, nextDue, ...(unverified ? { unverified: true } : {}) },
    escalationLevel: 0,
  };
  if (member) set.assigneeId = member.investigatorId;
  // Owed before the update, so a crash right after it still leaves a record to finish from.
  await oweEffects(caseId);
  const won = await Case.updateOne(
    { _id: caseId, routeState: 'pending' },
    // The reporter's timeline says only that the case reached a unit: never which one.
    { $set: set, $push: { timeline: { kind: 'routed', at: routedAt } } },
  );
  if (won.modifiedCount !== 1) return { result: 'already_routed' };

  await finishRouteEffects(ctx, caseId, {
    _id: caseId,
    routeState: 'routed',
    unitId,
    ruleId: route.ruleId,
    assigneeId: member?.investigatorId,
    routedAt,
    notifiedUnits: set.notifiedUnits as string[],
    copyUnits: set.copyUnits as string[],
  });
  return { result: 'routed', unitId, ruleId: route.ruleId, assigned: Boolean(member) };
}
