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

/**
 * The deadlines the deadline worker tracks (every deadline of the policy), and the field of
 * `Case.deadlines` holding each. Three sorts:
 * - limits: missing one flags the case overdue and alerts the unit head (supervisors);
 * - alerts (investigation day 60 and day 80): moments, not limits; reaching one notifies
 *   (day 60: the assignee; day 80: the unit head too) and flags it as reached;
 * - the competence window: only reminders; once it has passed, a decline needs a supervisor.
 */
export const TRACKED_DEADLINES = [
  'acknowledge',
  'triageDecision',
  'answer',
  'feedback',
  'investigationAlert',
  'investigationEscalation',
  'criminalReferral',
  'competenceDecline',
  'extensionNotice',
] as const;
export type TrackedDeadline = (typeof TRACKED_DEADLINES)[number];

export const FIELD_OF = {
  acknowledge: 'acknowledgeBy',
  triageDecision: 'triageDecisionBy',
  answer: 'answerBy',
  feedback: 'feedbackBy',
  investigationAlert: 'investigationAlertAt',
  investigationEscalation: 'investigationEscalationAt',
  criminalReferral: 'criminalReferralBy',
  competenceDecline: 'competenceDeclineBy',
  extensionNotice: 'extensionNoticeBy',
} as const satisfies Record<TrackedDeadline, string>;

export const ALERT_DEADLINES: readonly TrackedDeadline[] = ['investigationAlert', 'investigationEscalation'];
export const WINDOW_DEADLINES: readonly TrackedDeadline[] = ['competenceDecline'];

/** What besides the status decides whether a deadline binds a case. */
export type DeadlineFacts = {
  /** Criminal signs were recorded and the case is still with the unit that recorded them. */
  criminalReferralPending?: boolean;
  /** An extension was decided and the reporter has not been told yet. */
  extensionNoticePending?: boolean;
  /** The case is with the triage unit (which cannot decline). */
  atTriage?: boolean;
};

/**
 * Which deadlines still bind a case in this status: acknowledgement until acknowledged, the
 * triage decision until assessment starts, the answer, the feedback and the investigation
 * alerts until closed; the competence window while the case is not yet under investigation;
 * the criminal referral and the extension notice while they are pending. Used by the deadline
 * worker's plan and by the inbox badges (which show limits only).
 */
export function activeDeadlines(status: string, facts: DeadlineFacts = {}): TrackedDeadline[] {
  if (status === 'closed') return [];
  const out: TrackedDeadline[] = [];
  if (status === 'received') out.push('acknowledge');
  if (status === 'received' || status === 'acknowledged') out.push('triageDecision');
  out.push('answer', 'feedback', 'investigationAlert', 'investigationEscalation');
  if (facts.criminalReferralPending) out.push('criminalReferral');
  if (!facts.atTriage && status !== 'investigation') out.push('competenceDecline');
  if (facts.extensionNoticePending) out.push('extensionNotice');
  return out;
}

/** The deadlines whose passing makes a case late (not the alerts, not the competence window). */
export function isLimit(name: TrackedDeadline): boolean {
  return !ALERT_DEADLINES.includes(name) && !WINDOW_DEADLINES.includes(name);
}
