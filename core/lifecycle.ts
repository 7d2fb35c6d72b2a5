/**
 * Case lifecycle (ISO 37002: receive, assess, address, conclude). Shared by the server (state
 * guards), the workers and both browser apps (localised labels come from the i18n files).
 */
export const CASE_STATUSES = ['received', 'acknowledged', 'assessment', 'investigation', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_OUTCOMES = ['substantiated', 'unsubstantiated', 'referred', 'insufficient_information'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Which status may follow which: investigators move forward, or close from any open state. */
export const NEXT_STATUSES: Record<CaseStatus, readonly CaseStatus[]> = {
  received: ['acknowledged', 'closed'],
  acknowledged: ['assessment', 'investigation', 'closed'],
  assessment: ['investigation', 'closed'],
  investigation: ['closed'],
  closed: [],
};

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

/** Events the reporter sees in the timeline of the status page (no investigator names, no units). */
export const TIMELINE_KINDS = [
  'received',
  'routed',
  'status',
  'message',
  'extension',
  'declined',
  'transferred',
  // The reporter consented to the reveal of their identity; the identity was disclosed (to a
  // unit and role, as the policy says); a reward claim was recorded (docs/console.md).
  'identity_consent',
  'identity_disclosed',
  'reward_claim',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** The deadlines the deadline worker tracks, and the field of `Case.deadlines` holding each. */
export const TRACKED_DEADLINES = ['acknowledge', 'triageDecision', 'answer', 'feedback'] as const;
export type TrackedDeadline = (typeof TRACKED_DEADLINES)[number];

export const FIELD_OF = {
  acknowledge: 'acknowledgeBy',
  triageDecision: 'triageDecisionBy',
  answer: 'answerBy',
  feedback: 'feedbackBy',
} as const satisfies Record<TrackedDeadline, string>;

/**
 * Which deadlines still bind a case in this status: acknowledgement until acknowledged, the
 * triage decision until assessment starts, the answer and the feedback until closed. Used by the
 * deadline worker's plan and by the inbox badges.
 */
export function activeDeadlines(status: string): TrackedDeadline[] {
  if (status === 'closed') return [];
  const out: TrackedDeadline[] = [];
  if (status === 'received') out.push('acknowledge');
  if (status === 'received' || status === 'acknowledged') out.push('triageDecision');
  out.push('answer', 'feedback');
  return out;
}
