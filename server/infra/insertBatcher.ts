import type mongoose from 'mongoose';

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
    private readonly collection: () => mongoose.mongo.Collection,
    private readonly maxBatch = 100,
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
      await this.collection().insertMany(
        batch.map((p) => p.doc),
        { ordered: false },
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
