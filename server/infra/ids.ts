import { createHash, randomBytes } from 'node:crypto';

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

/**
 * The lookup key of a case token: a one-way hash of the token, the `_id` of its key document
 * (server/infra/caseKeys.ts; before that collection, the case's own `_id`), so the intake and
 * the reporter's lookups are `_id` lookups. FerretDB (the test database) answers `_id`
 * lookups from its primary key but scans the whole collection for any other field, which made
 * every token lookup cost time proportional to the number of cases.
 */
export function caseIdForToken(caseToken: string): string {
  return createHash('sha256').update(`cc-case-id\u0000${caseToken}`).digest().subarray(0, 16).toString('base64url');
}
