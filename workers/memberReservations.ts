/**
 * Members picked for a case in this process whose open-case counter may not show it yet.
 *
 * The router picks the least-loaded member, updates the case, and only then raises the member's
 * counter (workers/routeEffects.ts). Jobs routed at the same time would all read the same
 * counters and pile onto one member. So a pick adds the cases it knows are on their way to each
 * member: reserved here from the pick until the counter is raised, and still counted by any pick
 * whose read of the counters started before that raise (that read may predate it).
 * Across worker processes the counters alone decide: a burst split over several processes can
 * leave loads a little uneven until the next cases even them out.
 */
type Reservation = { member: string; countedAt?: number };

const reservations = new Map<string, Reservation>();
/** Orders reads of the counters against raises of them (a logical clock, not time). */
let clock = 0;
/** The clock values at which picks still in progress started reading. */
const readsInProgress = new Set<number>();

const memberKey = (unitId: string, investigatorId: string) => `${unitId} ${investigatorId}`;

/**
 * Reads the candidates (sorted by counter, then id) and returns the first with the lowest counter
 * plus cases reserved for them; reserves it for `caseId` when one is given.
 */
export async function pickLeastLoaded<M extends { investigatorId: string; openCases?: number }>(unitId: string, caseId: string | undefined, read: () => Promise<M[]>): Promise<M | null> {
  const readAt = ++clock;
  readsInProgress.add(readAt);
  let candidates: M[];
  try {
    candidates = await read();
  } finally {
    readsInProgress.delete(readAt);
  }
  // From here to the reservation nothing awaits: no other pick can come in between.
  const load = new Map<string, number>();
  for (const r of reservations.values()) {
    if (r.countedAt === undefined || r.countedAt > readAt) load.set(r.member, (load.get(r.member) ?? 0) + 1);
  }
  let best: M | null = null;
  let bestLoad = Infinity;
  for (const c of candidates) {
    const total = (c.openCases ?? 0) + (load.get(memberKey(unitId, c.investigatorId)) ?? 0);
    if (total < bestLoad) [best, bestLoad] = [c, total];
  }
  if (best && caseId) reservations.set(caseId, { member: memberKey(unitId, best.investigatorId) });
  forgetSettled();
  return best;
}

/** The case's member counter has been raised (or the pick came to nothing). */
export function settleReservation(caseId: string) {
  const r = reservations.get(caseId);
  if (!r || r.countedAt !== undefined) return;
  r.countedAt = ++clock;
  forgetSettled();
}

/** Drops settled reservations that no read in progress can have missed. */
function forgetSettled() {
  const oldestRead = Math.min(Infinity, ...readsInProgress);
  for (const [caseId, r] of reservations) if (r.countedAt !== undefined && r.countedAt < oldestRead) reservations.delete(caseId);
}

/** For tests: how many reservations this process holds. */
export const reservationCount = () => reservations.size;
