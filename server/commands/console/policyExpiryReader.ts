import { expiryStatus } from '../../../core/policy';
import { Membership } from '../../models/Membership';
import type { PolicyStore } from '../../policy/policyStore';

/**
 * The console banner's data: whether the newest signed policy or its holiday calendar runs out
 * within 90 days, or has run out. Shown to administrators and unit supervisors (who must get
 * the custodian to sign in time); other investigators get no warnings.
 */
export async function readPolicyExpiry(policies: PolicyStore, viewer: { id: string; role: string }, now = new Date()) {
  const concerned = viewer.role === 'admin' || (await Membership.exists({ investigatorId: viewer.id, role: 'supervisor', active: true })) !== null;
  if (!concerned) return { expired: false, warnings: [] };
  const status = expiryStatus((await policies.all()).map((v) => v.policy), now);
  return { expired: status.expired, warnings: status.warnings };
}
