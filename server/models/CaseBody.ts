import mongoose, { Schema } from 'mongoose';
import { InsertBatcher } from '../infra/insertBatcher';

/**
 * The sealed report body of a case, in its own insert-only collection (`_id` = the case id),
 * not inside the case document. A case is updated many times (routing, every console action,
 * deadlines) and its body never: kept apart, each of those updates rewrites a document of
 * ~2 KB instead of ~8 KB on MongoDB, and on the embedded engine (FerretDB with SQLite, which
 * scans the whole collection for every update) each scan reads a quarter of the bytes.
 * Cases stored before this collection existed keep their body inside (read as a fallback).
 */
const CaseBodySchema = new Schema(
  {
    _id: { type: String, required: true },
    body: { v: Number, alg: String, nonce: String, ct: String },
  },
  { versionKey: false },
);

export const CaseBody = mongoose.models.CaseBody ?? mongoose.model('CaseBody', CaseBodySchema, 'caseBodies');

/** Bodies are inserted in group commits (server/infra/insertBatcher.ts). */
const caseBodyInserts = new InsertBatcher(() => mongoose.connection.db!.collection('caseBodies'));

type Sealed = { v: number; alg: string; nonce: string; ct: string };

/**
 * Stores a case's body before the case itself (a case never exists without its body): an
 * insert, not an upsert, because an upsert is an update and would scan the collection on the
 * embedded engine. Found stored already, the case id was claimed by an earlier attempt that
 * stopped before its case was written (the caller only gets here while no case exists): a retry
 * keeps it, a different report under the same code replaces it.
 */
export async function storeCaseBody(caseId: string, body: Sealed): Promise<void> {
  try {
    await caseBodyInserts.insert({ _id: caseId, body });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    const stored = await CaseBody.findById(caseId).lean<{ body: Sealed }>();
    if (stored?.body.ct !== body.ct || stored?.body.nonce !== body.nonce) await CaseBody.replaceOne({ _id: caseId }, { _id: caseId, body });
  }
}

/** The body of a case: from its own document, else (older cases) the one stored in the case. */
export async function caseBodyOf(caseId: string, storedInCase?: Sealed | null): Promise<Sealed | null> {
  const doc = await CaseBody.findById(caseId).lean<{ body: Sealed }>();
  return doc?.body ?? storedInCase ?? null;
}
