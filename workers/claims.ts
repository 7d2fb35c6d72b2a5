import mongoose from 'mongoose';

/**
 * Mutual exclusion between worker processes by a unique insert. Conditional updates are not
 * enough on FerretDB 1.24 (SQLite): concurrent `updateOne({state: 'pending'}, ...)` calls can all
 * report a match and concurrent `$inc`s lose updates, while a duplicate `_id` is always refused.
 * So a run first inserts `{_id: key}`; a claim whose holder died expires after its lease.
 */
type Claim = { _id: string; until: Date };

/**
 * How long a claim holds without its holder: well past any single run, because a run that
 * outlives its claim could overlap another (FerretDB under load answered single queries in tens
 * of seconds here). A crashed holder's cases wait this long; their jobs retry meanwhile.
 */
export function claimLeaseMs(workerLockSeconds: number) {
  return Math.max(60_000, workerLockSeconds * 4000);
}
const claims = () => mongoose.connection.db!.collection<Claim>('workerClaims');
const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

async function take(key: string, now: Date, leaseMs: number): Promise<Claim | undefined> {
  const claim = { _id: key, until: new Date(now.getTime() + leaseMs) };
  try {
    await claims().insertOne(claim);
    return claim;
  } catch (err) {
    if (!isDuplicate(err)) throw err;
  }
  const held = await claims().findOne({ _id: key });
  if (held && held.until > now) return undefined;
  // Its holder died: remove that expired claim (only that one) and race for a new one.
  if (held) await claims().deleteOne({ _id: key, until: held.until });
  try {
    await claims().insertOne(claim);
    return claim;
  } catch (err) {
    if (isDuplicate(err)) return undefined;
    throw err;
  }
}

/** Runs `fn` holding the claim `key`; returns `{ held: false }` without running it if another run holds it. */
export async function withClaim<T>(key: string, now: Date, leaseMs: number, fn: () => Promise<T>): Promise<{ held: true; value: T } | { held: false }> {
  const claim = await take(key, now, leaseMs);
  if (!claim) return { held: false };
  try {
    return { held: true, value: await fn() };
  } finally {
    await claims().deleteOne({ _id: key, until: claim.until }).catch(() => {});
  }
}

const tails = new Map<string, Promise<unknown>>();

/** Runs calls with the same key one after another inside this process. */
export function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (tails.get(key) ?? Promise.resolve()).then(fn, fn);
  const tail = run.catch(() => {});
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}

const running = new Set<string>();

/**
 * Runs a periodic task unless a run of it is still going, here or in another process (a claim
 * named after the task). Without this a slow pass (a loaded database) lets the scheduler start
 * the next ones beside it, and they all scan the same collection at once.
 */
export async function singleTask<T>(name: string, now: Date, fn: () => Promise<T>): Promise<T | { skipped: true }> {
  if (running.has(name)) return { skipped: true };
  running.add(name);
  try {
    const run = await withClaim(`task:${name}`, now, 5 * 60_000, fn);
    return run.held ? run.value : { skipped: true };
  } finally {
    running.delete(name);
  }
}
