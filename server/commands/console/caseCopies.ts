import { caseBodyOf } from '../../models/CaseBody';
import { notFound } from '../../../core/errors';
import { appendCaseAudit } from '../../audit/appendAudit';
import { Case } from '../../models/Case';
import { activeMemberships } from './caseAccess';

/**
 * Read-only copies (docs/console.md §Copies): a unit the routing rule notified with a copy view
 * ("+ notify aca" in R1, "copy ethics" in R11b) holds a DEK wrap and may READ the case: routing
 * answers, status and the sealed report body, which the member's browser opens with the unit key.
 * It cannot work on the case (no assignment, reply, note, label, status, files, identity): every
 * such command checks the holding unit (caseAccess.ts), which a copy unit is not. Each opening is
 * audited in the case's chain and the copy unit's chain.
 */

type CopyCase = {
  _id: string;
  caseToken: string;
  policyVersion: number;
  status: string;
  outcome?: string;
  routing: Record<string, unknown>;
  unitId?: string;
  receivedAt: Date;
  timeline?: { kind: string; at: Date; status?: string; template?: string; days?: number }[];
  body: unknown;
  wraps: { unitId: string; generation: number; wrap: Record<string, unknown> }[];
  copyUnits?: string[];
  purgedAt?: Date;
};

const copyNotFound = () => notFound('copy_not_found', 'No such copy for your units.');

/** The copies the investigator's units hold (newest first, at most 200): metadata only, nothing sealed. */
export async function listCopies(investigatorId: string) {
  const units = (await activeMemberships(investigatorId)).map((m) => m.unitId);
  if (units.length === 0) return { items: [] };
  const found = await Case.find(
    { copyUnits: { $in: units }, purgedAt: { $exists: false } },
    { _id: 1, status: 1, outcome: 1, routing: 1, unitId: 1, receivedAt: 1, copyUnits: 1 },
  )
    .sort({ receivedAt: -1 })
    .limit(200)
    .lean<CopyCase[]>();
  return {
    items: found.map((c) => ({
      id: c._id,
      status: c.status,
      outcome: c.outcome ?? null,
      routing: c.routing,
      holdingUnit: c.unitId ?? null,
      copyUnit: (c.copyUnits ?? []).find((u) => units.includes(u))!,
      receivedAt: c.receivedAt,
    })),
  };
}

/**
 * One copy, for a member of a copy unit: the body still sealed, with only my unit's wrap. The
 * audit entry is written first: if it fails, nothing is shown.
 */
export async function readCopy(caseId: string, investigatorId: string) {
  // By `_id` alone (the one query FerretDB answers from an index), then checked here.
  const c = await Case.findOne({ _id: caseId }).lean<CopyCase>();
  if (!c || c.purgedAt) throw copyNotFound();
  const mine = new Set((await activeMemberships(investigatorId)).map((m) => m.unitId));
  const copyUnit = (c.copyUnits ?? []).find((u) => mine.has(u));
  const wraps = (c.wraps ?? []).filter((w) => w.unitId === copyUnit);
  if (!copyUnit || wraps.length === 0) throw copyNotFound();
  await appendCaseAudit(caseId, copyUnit, { actor: investigatorId, action: 'copy.opened', details: { unitId: copyUnit } });
  return {
    id: c._id,
    caseToken: c.caseToken,
    policyVersion: c.policyVersion,
    status: c.status,
    outcome: c.outcome ?? null,
    routing: c.routing,
    holdingUnit: c.unitId ?? null,
    copyUnit,
    receivedAt: c.receivedAt,
    timeline: c.timeline ?? [],
    body: await caseBodyOf(c._id, c.body as Parameters<typeof caseBodyOf>[1]),
    wraps,
  };
}
