import { AuditEvent } from '../../models/AuditEvent';
import { verifyAuditChain } from '../../audit/verifyAuditChain';

/**
 * One audit chain (a case's or a unit's) with the result of verifying it: every hash recomputed
 * and linked to the previous one (server/audit/verifyAuditChain). Entries hold ids and state
 * names only, never case content. The newest `limit` entries are returned.
 */
export async function readAuditTrail(scope: string, limit = 500, options: { hideCases?: ReadonlySet<string> } = {}) {
  const [all, verification] = await Promise.all([
    AuditEvent.find({ scope }, { _id: 1, seq: 1, at: 1, actor: 1, action: 1, details: 1, hash: 1, prevHash: 1 }).sort({ seq: -1 }).limit(limit).lean<{ details?: { caseId?: unknown } }[]>(),
    verifyAuditChain({ scope }),
  ]);
  // A unit's trail names its cases (`details.caseId`); a member who recused from a case does not
  // see its entries. The verification still covers the whole chain; `hidden` says how many.
  const hide = options.hideCases;
  const entries = hide?.size ? all.filter((e) => !(typeof e.details?.caseId === 'string' && hide.has(e.details.caseId))) : all;
  return { scope, entries, hidden: all.length - entries.length, verification: { ok: verification.ok, entries: verification.entries, broken: verification.breaks[0] ?? null } };
}
