/**
 * Polls `read` until `done` holds for its value, or the time is up; returns the last value either
 * way, so the caller's assertion shows what was seen. For state another process changes
 * asynchronously (a worker routing a case, the API applying a change message).
 */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000, stepMs = 200): Promise<T> {
  const started = Date.now();
  let last = await read();
  while (!done(last) && Date.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, stepMs));
    last = await read();
  }
  return last;
}

/** Polls until `check` returns a truthy value, or gives the last value after the timeout. */
export function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000, stepMs = 200): Promise<T> {
  return pollUntil(check, Boolean, timeoutMs, stepMs);
}

/**
 * Waits, if needed, until the current rounding bucket (of `bucketMs`) has at least `marginMs`
 * left, so a test that expects "nothing happens before the bucket ends" (workers flush every
 * minute with the real clock) never runs across a bucket's end. Waits at most `marginMs`.
 */
export async function awayFromBucketEnd(bucketMs: number, marginMs = 180_000): Promise<void> {
  const left = bucketMs - (Date.now() % bucketMs);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 2_000));
}
