import { changeStatus } from './statusChanger';
import type { CaseWorkDeps } from './caseWork';

/** Acknowledges a case: the first answer to the reporter ("registered by the responsible unit"); a second time is a 409. */
export function acknowledgeCase(deps: CaseWorkDeps, caseId: string, actorId: string) {
  return changeStatus(deps, caseId, actorId, { to: 'acknowledged', template: 'acknowledged' });
}
