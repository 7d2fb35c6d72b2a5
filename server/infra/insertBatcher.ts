import type mongoose from 'mongoose';
import { databaseSilent, withTimeout } from './mongo';

/**
 * How long one batch may take before its callers are told the database is unavailable (503; the
 * client retries the same submission, which is idempotent). Longer than the driver's socket
 * timeout (30 s, infra/mongo.ts), so it only fires when the driver itself never answers: a
 * batch that never settled kept `writing` set, and every later insert of the process waited
 * behind it for ever (a fault test once saw all submissions hang after a database restart).
 */
export const BATCH_TIMEOUT_MS = 40_000;

/**
 * Group commit for inserts: the inserts that requests make while an earlier batch is being
 * written wait and go together in ONE unordered insertMany. Nothing waits on a timer — a lone
 * insert leaves on the next tick — so batches grow only under load, exactly when they pay: the
 * embedded engine (FerretDB with SQLite) commits a batch of 50 documents in about the time of one
 * (measured: 1,175 single inserts/s vs 8,559 documents/s in batches of 50), and MongoDB saves the
 * round trips. Each caller still gets its own outcome: a duplicate key (11000) fails only the
 * document that caused it; a failure of the whole command fails every document of the batch.
 */
type Pending = { doc: Record<string, unknown>; resolve: () => void; reject: (error: unknown) => void };
type WriteError = { index: number; code?: number; errmsg?: string; message?: string };

export class InsertBatcher {
  private waiting: Pending[] = [];
  private writing = false;

  constructor(
    private readonly collection: () => Pick<mongoose.mongo.Collection, 'insertMany'>,
    private readonly maxBatch = 100,
    private readonly timeoutMs = BATCH_TIMEOUT_MS,
  ) {}

  insert(doc: Record<string, unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ doc, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.writeBatches());
      }
    });
  }

  private async writeBatches(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      await this.write(batch);
    }
    this.writing = false;
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      // A late answer is dropped: the documents may be stored, and a retry finds them (idempotent).
      await withTimeout(
        this.collection().insertMany(
          batch.map((p) => p.doc),
          { ordered: false },
        ),
        this.timeoutMs,
        databaseSilent,
      );
      for (const p of batch) p.resolve();
    } catch (error) {
      const writeErrors = [((error as { writeErrors?: WriteError | WriteError[] }).writeErrors ?? [])].flat();
      if (writeErrors.length === 0) {
        for (const p of batch) p.reject(error);
        return;
      }
      const failed = new Map(writeErrors.map((e) => [e.index, e]));
      batch.forEach((p, index) => {
        const e = failed.get(index);
        if (!e) return p.resolve();
        p.reject(Object.assign(new Error(e.errmsg ?? e.message ?? 'insert failed'), { code: e.code }));
      });
    }
  }
}
