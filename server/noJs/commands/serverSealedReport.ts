import { formatCaseCode } from '../../../core/crypto';
import { unavailable } from '../../../core/errors';
import { buildSubmission, NoUnitKeysError, type ReportDraft } from '../../../core/submission';
import { submitReport, type ReportSubmitterDeps } from '../../commands/reportSubmitter';
import { activatedStandby } from '../../policy/standby';
import { ReportSubmissionSchema } from '../../schemas/reportSchemas';

/** The JSON API's own shape check, without the proof of work this path replaces with its budget. */
const ServerSealedShape = ReportSubmissionSchema.omit({ pow: true });

/**
 * Seals a report on arrival, exactly as the reporter's browser would: `buildSubmission` with the
 * server's verified signed policy and the standby keys in force (same envelope, same units),
 * then the JSON API's intake command, marked `sealedBy: 'server'`. The plaintext lives only in
 * this call's memory; what is stored is what the browser path stores. Returns the case code to
 * show once, and when the case was received (rounded).
 */
export async function sealAndSubmitReport(deps: ReportSubmitterDeps, draft: ReportDraft): Promise<{ displayCode: string; receivedAt: Date }> {
  const { policy } = await deps.policies.current();
  const standby = await activatedStandby(policy);
  let built;
  try {
    built = buildSubmission(policy, draft, standby);
  } catch (err) {
    if (err instanceof NoUnitKeysError) throw unavailable('no_unit_keys', 'No unit can receive reports yet.');
    throw err;
  }
  const submission = ServerSealedShape.parse(built.submission);
  const result = await submitReport(deps, { ...submission, sealedBy: 'server' });
  return { displayCode: formatCaseCode(built.code), receivedAt: result.receivedAt };
}
