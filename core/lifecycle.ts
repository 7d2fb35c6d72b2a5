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
export const TIMELINE_KINDS = ['received', 'routed', 'status', 'message', 'extension', 'declined', 'transferred'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
