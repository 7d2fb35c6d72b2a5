import { randomBytes } from 'node:crypto';

/**
 * Random document ids. MongoDB ObjectIds embed their creation second, which would tell a
 * database dump exactly when a report arrived; these ids carry no time at all.
 */
export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

/** Rounds a time down to the policy's bucket, so stored times cannot pin down a submission. */
export function roundDown(date: Date, minutes: number): Date {
  const step = Math.max(1, minutes) * 60_000;
  return new Date(Math.floor(date.getTime() / step) * step);
}
