/**
 * One-off migration (issue 13 item 9): gives every stored case its `caseKeys` entry
 * (server/infra/caseKeys.ts), so that reporters are found only through `_id` lookups. Before,
 * caseAuth fell back to `Case.findOne({ caseToken })` for a case without a key: a full scan on
 * FerretDB that any anonymous request could trigger. Run once after upgrading, before opening
 * the new version to reporters (docs/operations.md "Upgrading"):
 *   npx tsx server/cli/migrateCaseKeys.ts
 * Idempotent; prints counts only (never a token or a case id). Cases whose `_id` is already the
 * token's lookup key (the oldest format) get an entry naming themselves: caseIdOfToken reads
 * only key documents.
 */
import mongoose from 'mongoose';
import { loadEnvOrExit } from '../config/env';
import { connectMongo } from '../infra/mongo';
import { Case } from '../models/Case';
import { CaseKey } from '../models/CaseKey';
import { caseKeyOf } from '../infra/caseKeys';

export type CaseKeyMigration = { scanned: number; created: number; alreadyKeyed: number; conflicts: number };

/** Adds the missing key documents; a key that names another case is counted, never overwritten. */
export async function migrateCaseKeys(): Promise<CaseKeyMigration> {
  const result: CaseKeyMigration = { scanned: 0, created: 0, alreadyKeyed: 0, conflicts: 0 };
  const cursor = Case.find({ purgedAt: { $exists: false } }, { _id: 1, caseToken: 1 }).lean<{ _id: string; caseToken: string }>().cursor();
  for await (const kase of cursor) {
    result.scanned += 1;
    const key = caseKeyOf(kase.caseToken);
    const upserted = await CaseKey.updateOne({ _id: key }, { $setOnInsert: { caseId: kase._id } }, { upsert: true });
    if (upserted.upsertedCount === 1) {
      result.created += 1;
      continue;
    }
    const existing = await CaseKey.findById(key).lean<{ caseId: string }>();
    if (existing?.caseId === kase._id) result.alreadyKeyed += 1;
    else result.conflicts += 1;
  }
  return result;
}

async function main() {
  const env = loadEnvOrExit();
  await connectMongo(env.MONGODB_URI);
  try {
    const r = await migrateCaseKeys();
    process.stdout.write(`cases scanned: ${r.scanned}; keys created: ${r.created}; already keyed: ${r.alreadyKeyed}; conflicts: ${r.conflicts}\n`);
    if (r.conflicts > 0) process.exitCode = 2;
  } finally {
    await mongoose.disconnect();
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`migrateCaseKeys: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
