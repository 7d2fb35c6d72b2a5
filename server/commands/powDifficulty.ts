import type { Redis } from 'ioredis';
/** What a proof of work is for; re-exported by proofOfWork.ts (declared here so the two files import one way only). */
export type PowPurpose = 'submit' | 'status' | 'message';

/** How the difficulty follows load (server/config/env.ts POW_*; docs/operations.md "Proof of work"). */
export type PowDifficultySettings = {
  prefix: string;
  /** Floor for submissions and status checks. */
  baseDifficulty: number;
  /** Floor for a reporter's message: cheaper than a submission, never dearer. */
  messageDifficulty: number;
  maxDifficulty: number;
  /** Accepted proofs a minute the floor is meant for; each doubling above it adds one bit. */
  loadPerMinute: number;
};

const WINDOW_MS = 60_000;
/** How long a process reuses the rate it read: a flood of challenge requests then costs Redis one read a second. */
const RATE_CACHE_MS = 1000;
const rateCache = new Map<string, { readAt: number; rate: number }>();

// Two counters at most live at a time (this minute's and the last), each gone one minute after
// its own ends: the counts say how busy the service was, never who or which case.
const counterKey = (prefix: string, window: number) => `${prefix}:pow:accepted:${window}`;

/** Counts one accepted proof of work (best effort: losing a count only delays a raise). */
export async function countAcceptedProof(redis: Redis, prefix: string, now = Date.now()): Promise<void> {
  const window = Math.floor(now / WINDOW_MS);
  try {
    await redis.multi().incr(counterKey(prefix, window)).pexpireat(counterKey(prefix, window), (window + 2) * WINDOW_MS).exec();
  } catch {
    // Redis trouble: the redemption itself already succeeded; the next one counts again.
  }
}

/**
 * Accepted proofs in the last minute, sliding: this minute's count plus the share of the last
 * minute's that still lies within 60 seconds of now.
 */
export async function acceptedPerMinute(redis: Redis, prefix: string, now = Date.now()): Promise<number> {
  const window = Math.floor(now / WINDOW_MS);
  const [current, previous] = await redis.mget(counterKey(prefix, window), counterKey(prefix, window - 1));
  const elapsed = (now - window * WINDOW_MS) / WINDOW_MS;
  return Number(current ?? 0) + Number(previous ?? 0) * (1 - elapsed);
}

/**
 * The difficulty to issue now: the purpose's floor, plus one bit per doubling of the accepted
 * rate over `loadPerMinute`, capped at `maxDifficulty`. Each extra bit doubles the expected work
 * of every new proof, so a flood that keeps succeeding pays more for each success, while an
 * ordinary reporter at normal load pays the floor. Without Redis the floor is used (redemption
 * will then answer "busy" anyway).
 */
export async function currentPowDifficulty(redis: Redis, settings: PowDifficultySettings, purpose: PowPurpose, now = Date.now()): Promise<number> {
  const floor = purpose === 'message' ? Math.min(settings.messageDifficulty, settings.baseDifficulty) : settings.baseDifficulty;
  const ceiling = Math.max(settings.maxDifficulty, floor);
  let rate: number;
  const cached = rateCache.get(settings.prefix);
  if (cached && now - cached.readAt >= 0 && now - cached.readAt < RATE_CACHE_MS) {
    rate = cached.rate;
  } else {
    try {
      rate = await acceptedPerMinute(redis, settings.prefix, now);
    } catch {
      return floor;
    }
    rateCache.set(settings.prefix, { readAt: now, rate });
  }
  const extra = rate > settings.loadPerMinute ? Math.ceil(Math.log2(rate / settings.loadPerMinute)) : 0;
  return Math.min(ceiling, floor + extra);
}
