import mongoose from 'mongoose';
import { InsertBatcher } from './insertBatcher';
import { CaseKey } from '../models/CaseKey';
import { caseIdForToken, randomId } from './ids';

/**
 * Case tokens → case ids, through the `caseKeys` collection (server/models/CaseKey.ts). A case's
 * id is random, so its audit chain and every record that names it carry nothing derived from the
 * reporter's code; deleting the key document at purge makes a purged code indistinguishable
 * from one never used (docs/workers.md "Retention").
 */

/** The lookup key of a token: a one-way hash (server/infra/ids.ts), the `_id` of its key document. */
export const caseKeyOf = (caseToken: string) => caseIdForToken(caseToken);

/**
 * The id of the case a token points to, or null: only through its key document. Cases of the
 * oldest format (their `_id` is the lookup key) get one from server/cli/migrateCaseKeys.ts.
 * No second lookup in `cases`: on the embedded engine a lookup by `_id` that finds nothing scans
 * the whole collection (26 ms at 3,000 cases), and every new report's token is such a miss.
 */
export async function caseIdOfToken(caseToken: string): Promise<string | null> {
  const key = await CaseKey.findById(caseKeyOf(caseToken)).lean<{ caseId: string }>();
  return key?.caseId ?? null;
}

/** Key documents are inserted in group commits (infra/insertBatcher.ts): one per report, many reports at once. */
const caseKeyInserts = new InsertBatcher(() => mongoose.connection.db!.collection(CaseKey.collection.collectionName));

/**
 * Gives a token a fresh random case id, written BEFORE the case so that a crash in between
 * leaves a key whose case the retried submission then creates (never a case no code reaches).
 * Two submissions racing for one token: the unique `_id` lets one key win; both get its id.
 */
export async function claimCaseId(caseToken: string): Promise<{ caseId: string; fresh: boolean }> {
  const _id = caseKeyOf(caseToken);
  const caseId = randomId();
  try {
    await caseKeyInserts.insert({ _id, caseId });
    return { caseId, fresh: true }; // ours: no need to read it back, and no case can exist yet
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  const key = await CaseKey.findById(_id).lean<{ caseId: string }>();
  return { caseId: key!.caseId, fresh: false };
}

/** Forgets the token of a case being purged (idempotent): afterwards the code leads nowhere. */
export async function forgetCaseToken(caseToken: string): Promise<void> {
  await CaseKey.deleteOne({ _id: caseKeyOf(caseToken) });
}
