import mongoose from 'mongoose';
import { canonicalJson } from '../../core/canonicalJson';
import { auditHash, cryptoReady } from '../../core/crypto';
import { appendCaseAudit, type AuditDetails } from './appendAudit';

/**
 * An audit entry about a reporter's event (a case routed right after its submission), held until
 * its rounding bucket ends. Appended at once, its place in the unit's chain, between
 * investigators' entries that carry exact times, would date the submission more precisely than
 * its rounded `at`; and so would its place in the collection's insertion order. Appended at the
 * bucket's end in a batch, its place says only "before the batch", which its bucket says already.
 */
export type HeldAuditEntry = {
  _id: string;
  caseId: string;
  unitId: string | null;
  actor: string;
  action: string;
  /** Rounded, like every time about a reporter's event. */
  at: Date;
  onceKey: string;
  details: AuditDetails;
  /** The end of the bucket of `at`: not appended before. */
  releaseAt: Date;
};

export const heldAudit = () => mongoose.connection.db!.collection<HeldAuditEntry>('auditHeld');

/** Holds a case's audit entry until `releaseAt` (idempotent per case and once-key). */
export async function holdCaseAudit(caseId: string, unitId: string | undefined, entry: { actor: string; action: string; at: Date; onceKey: string; details: AuditDetails }, releaseAt: Date) {
  await cryptoReady();
  const _id = `h${auditHash(canonicalJson({ caseId, once: entry.onceKey })).slice(0, 31)}`;
  await heldAudit().updateOne({ _id }, { $setOnInsert: { caseId, unitId: unitId ?? null, ...entry, releaseAt } }, { upsert: true });
}

/**
 * Appends the held entries whose bucket has ended, to the case's chain and its unit's, in the
 * order of their ids (hashes: an order that says nothing about the events'), then drops them.
 * Idempotent: the once-keys make a rerun after a crash find the entries already appended.
 */
export async function appendHeldAudit(now: Date, limit = 1000): Promise<number> {
  const due = await heldAudit().find({ releaseAt: { $lte: now } }).limit(limit).toArray();
  due.sort((a, b) => (a._id < b._id ? -1 : 1));
  for (const e of due) {
    await appendCaseAudit(e.caseId, e.unitId ?? undefined, { actor: e.actor, action: e.action, at: e.at, onceKey: e.onceKey, details: e.details });
    await heldAudit().deleteOne({ _id: e._id });
  }
  return due.length;
}
