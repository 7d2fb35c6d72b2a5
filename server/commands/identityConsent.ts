import { conflict } from '../../core/errors';
import { auditReporterEvent } from '../audit/reporterAudit';
import { roundDown } from '../infra/ids';
import { Case } from '../models/Case';
import type { PolicyStore } from '../policy/policyStore';

/**
 * The reporter consents, from the status page, to the reveal of their identity. Consent is one
 * legal ground a member may then request the reveal on; a supervisor still decides
 * (docs/console.md §Identity reveal). Idempotent: a second consent changes nothing. The day
 * only is kept, like every reporter-caused time.
 */
export async function giveIdentityConsent(policies: PolicyStore, caseId: string): Promise<{ consentedAt: Date }> {
  const kase = await Case.findById(caseId, { confidential: 1, identityConsentAt: 1, unitId: 1, identity: 1 }).lean<{
    confidential?: boolean;
    identityConsentAt?: Date;
    unitId?: string;
    identity?: { sealed?: unknown };
  }>();
  if (!kase?.confidential || !kase.identity?.sealed) throw conflict('not_confidential', 'This report was sent without an identity: there is nothing to consent to.');
  if (kase.identityConsentAt) return { consentedAt: kase.identityConsentAt };
  const { policy } = await policies.current();
  const day = roundDown(new Date(), 24 * 60);
  const at = roundDown(new Date(), policy.timeRoundingMinutes);
  const updated = await Case.updateOne({ _id: caseId, identityConsentAt: { $exists: false } }, { $set: { identityConsentAt: day }, $push: { timeline: { kind: 'identity_consent', at } } });
  if (updated.modifiedCount === 1) await auditReporterEvent(policies, caseId, kase.unitId, 'identity.consent_given', 'identity_consent');
  return { consentedAt: day };
}
