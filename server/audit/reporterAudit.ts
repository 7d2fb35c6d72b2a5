import type { AuditDetails } from './appendAudit';
import { holdCaseAudit } from './heldAudit';
import { roundDown } from '../infra/ids';
import type { PolicyStore } from '../policy/policyStore';

/**
 * An audit entry caused by the reporter (consent, a reward claim from the status page): held
 * until the end of its rounding bucket (heldAudit.ts), so neither its time nor its place in the
 * chains dates the reporter's visit more precisely than the policy's rounding.
 */
export async function auditReporterEvent(policies: PolicyStore, caseId: string, unitId: string | undefined, action: string, onceKey: string, details: AuditDetails = {}) {
  const { policy } = await policies.current();
  const at = roundDown(new Date(), policy.timeRoundingMinutes);
  const releaseAt = new Date(at.getTime() + policy.timeRoundingMinutes * 60_000);
  await holdCaseAudit(caseId, unitId, { actor: 'reporter', action, at, onceKey, details }, releaseAt);
}
