/**
 * When the deployment runs out of policy: the newest signed policy's validity and its holiday
 * calendar's last year. Pure, shared by the workers (log, mail, notifications) and the console
 * (banner). Warnings at 90, 30 and 7 days before the earlier of the two ends, so a custodian has
 * time to enter the next year's moving holidays and sign (docs/operations.md).
 */
import { calendarCoveredUntil } from '../routing/calendar';
import type { Policy } from './schema';

export const EXPIRY_WARNING_DAYS = [90, 30, 7] as const;
export type ExpiryThreshold = (typeof EXPIRY_WARNING_DAYS)[number];

export type ExpiryWarning = {
  what: 'policy' | 'calendar';
  /** The instant it runs out (ISO). */
  endsAt: string;
  /** Whole days left (rounded down); 0 on the last day. */
  daysLeft: number;
  /** The smallest warning step reached: 90, 30 or 7. */
  threshold: ExpiryThreshold;
};

export type ExpiryStatus = {
  /** No version is valid at `now`: intake stops; received cases keep their clocks, unverified. */
  expired: boolean;
  policyEndsAt?: string;
  calendarEndsAt?: string;
  warnings: ExpiryWarning[];
};

const DAY_MS = 86_400_000;

function warningFor(what: ExpiryWarning['what'], endsAt: Date | undefined, now: Date): ExpiryWarning | undefined {
  if (!endsAt) return undefined;
  const left = endsAt.getTime() - now.getTime();
  if (left <= 0) return undefined;
  const daysLeft = Math.floor(left / DAY_MS);
  const steps = EXPIRY_WARNING_DAYS.filter((d) => daysLeft <= d);
  if (!steps.length) return undefined;
  return { what, endsAt: endsAt.toISOString(), daysLeft, threshold: steps[steps.length - 1] };
}

/**
 * The status at `now` for the versions a deployment holds. The policy runs out at the latest
 * `validUntil` among versions not yet ended (a successor already signed and installed silences the
 * warning); the calendar at the end of the last year covered by any of those versions.
 */
export function expiryStatus(policies: readonly Policy[], now: Date): ExpiryStatus {
  const t = now.getTime();
  const live = policies.filter((p) => new Date(p.validUntil).getTime() > t);
  const expired = !policies.some((p) => new Date(p.validFrom).getTime() <= t && t < new Date(p.validUntil).getTime());
  if (!live.length) return { expired, warnings: [] };
  const policyEnd = new Date(Math.max(...live.map((p) => new Date(p.validUntil).getTime())));
  const calendarEnds = live.map((p) => calendarCoveredUntil(p.calendar)?.getTime()).filter((x): x is number => x !== undefined);
  const calendarEnd = calendarEnds.length ? new Date(Math.max(...calendarEnds)) : undefined;
  const warnings = [warningFor('policy', policyEnd, now), warningFor('calendar', calendarEnd, now)].filter((w): w is ExpiryWarning => Boolean(w));
  return { expired, policyEndsAt: policyEnd.toISOString(), calendarEndsAt: calendarEnd?.toISOString(), warnings };
}
