/** The pure routing core shared by the browser and the workers: rule engine and deadlines. */
export * from './types';
export { routeCase, firstWrappedUnit, nextEscalationUnit, excludedKinds, isExcludedUnit, unitKindOf } from './engine';
export { reportReaders, identityReaders } from './readers';
export * from './calendar';
export { DEADLINE_FIELDS, computeDeadlines, computeDeadline, deadlineAt, reminderTimes } from './deadlines';
export type { DeadlineName, DeadlineReminder, CaseDeadlines } from './deadlines';
