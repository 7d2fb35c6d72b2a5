import { Redis } from 'ioredis';
import { unavailable } from '../../core/errors';
import type { Logger } from '../logger';
import { Case } from '../models/Case';
import { caseChangesChannel, publishCaseChanged } from './caseChanges';
import { ROW_FIELDS, selectInboxPage, toInboxRow, type InboxFilters, type InboxRow } from './inboxRows';

export type InboxIndexOptions = {
  redisUrl: string;
  prefix: string;
  /** Full re-read of every case, the safety net for change messages lost while Redis was away. */
  rebuildEverySeconds: number;
  logger: Logger;
  /** The connection change messages are published on (the API's fail-fast command connection). */
  publisher: Redis;
};

/**
 * The inbox rows of every routed case, in this API process's memory, so an inbox page is a
 * filter and sort over at most a few hundred thousand small objects (milliseconds) instead of a
 * database query. Why in memory: FerretDB 1.24 (the tests' MongoDB) answers any query other
 * than `{_id}` by decoding the whole collection (1.4 s for 10,000 cases), and the same reasons
 * make this cheap on MongoDB too. docs/console.md §3 explains it.
 *
 * Freshness: every writer of a case announces it on Redis pub/sub (caseChanges.ts); each API
 * process listens and re-reads that one case by `_id` (FerretDB's one fast query). Console
 * commands in this process refresh their case before they answer, so an investigator always
 * sees their own change. A full rebuild runs at the first request, after every Redis reconnect
 * and every `rebuildEverySeconds`, so a lost message costs minutes of staleness, never a case.
 */
export class InboxIndex {
  private rows = new Map<string, InboxRow>();
  private loaded?: Promise<void>;
  private rebuilding?: Promise<void>;
  /** Case ids announced while a rebuild reads: re-read after it, since the rebuild may have read them earlier. */
  private touchedDuringRebuild?: Set<string>;
  /** Per case: the read waiting to start (shared by every caller who asked meanwhile) and the one running. */
  private readonly queued = new Map<string, Promise<void>>();
  private readonly running = new Map<string, Promise<void>>();
  private subscriber?: Redis;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: InboxIndexOptions) {}

  /** Subscribes to change messages and starts the periodic rebuild. */
  start() {
    const sub = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    sub.on('error', () => {});
    // ioredis subscribes again by itself after a reconnect; what was announced meanwhile is lost, so re-read all.
    sub.on('ready', () => {
      if (this.loaded) void this.rebuildQuietly('redis reconnected');
    });
    sub.on('message', (_channel: string, caseId: string) => {
      if (this.loaded) this.refresh(caseId).catch(() => this.options.logger.warn('inbox row refresh failed; next rebuild repairs it'));
    });
    void sub.subscribe(caseChangesChannel(this.options.prefix)).catch(() => {});
    this.subscriber = sub;
    this.timer = setInterval(() => void this.rebuildQuietly('periodic'), this.options.rebuildEverySeconds * 1000).unref();
  }

  async stop() {
    clearInterval(this.timer);
    await this.subscriber?.quit().catch(() => {});
  }

  /** Loads every row once; a failed load is retried by the next caller. */
  ensureLoaded(): Promise<void> {
    this.loaded ??= this.rebuild().catch((err) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  /** One inbox page (see selectInboxPage); 503 while the database cannot be read. */
  async page(viewerId: string, units: string[], filters: InboxFilters, now = new Date()) {
    await this.ensureLoaded().catch(() => {
      throw unavailable('inbox_unavailable', 'The case list cannot be read right now; try again in a moment.');
    });
    return selectInboxPage(this.rows.values(), viewerId, units, filters, now);
  }

  /**
   * After this process wrote cases: their rows are fresh here before the caller answers, and
   * other API processes are told. Never throws: a failed refresh is repaired by the next rebuild.
   */
  async caseChanged(...caseIds: string[]): Promise<void> {
    if (this.loaded) await Promise.all(caseIds.map((id) => this.refresh(id))).catch(() => this.options.logger.warn('inbox row refresh failed; next rebuild repairs it'));
    await publishCaseChanged(this.options.publisher, this.options.prefix, ...caseIds);
  }

  /** Re-reads one case by `_id`. Calls made before the read starts share it; later ones queue another. */
  private refresh(caseId: string): Promise<void> {
    this.touchedDuringRebuild?.add(caseId);
    const waiting = this.queued.get(caseId);
    if (waiting) return waiting;
    const before = this.running.get(caseId) ?? Promise.resolve();
    const next = before
      .catch(() => undefined)
      .then(() => {
        this.queued.delete(caseId);
        const read = this.readRow(caseId).finally(() => {
          if (this.running.get(caseId) === read) this.running.delete(caseId);
        });
        this.running.set(caseId, read);
        return read;
      });
    this.queued.set(caseId, next);
    return next;
  }

  private async readRow(caseId: string) {
    const row = toInboxRow(await Case.findOne({ _id: caseId }, ROW_FIELDS).lean<Record<string, unknown>>());
    if (row) this.rows.set(caseId, row);
    else this.rows.delete(caseId);
  }

  private rebuildQuietly(why: string) {
    return this.rebuild().catch(() => this.options.logger.warn({ why }, 'inbox rebuild failed; serving the previous rows'));
  }

  /** Reads every routed, unpurged case (one pass) and swaps the rows in; concurrent calls share one pass. */
  private rebuild(): Promise<void> {
    this.rebuilding ??= (async () => {
      const started = performance.now();
      const touched = new Set<string>();
      this.touchedDuringRebuild = touched;
      try {
        const fresh = new Map<string, InboxRow>();
        const cursor = Case.find({ unitId: { $exists: true }, purgedAt: { $exists: false } }, ROW_FIELDS).lean<Record<string, unknown>>().cursor({ batchSize: 1000 });
        for await (const doc of cursor) {
          const row = toInboxRow(doc as Record<string, unknown>);
          if (row) fresh.set(row.id, row);
        }
        this.rows = fresh;
      } finally {
        this.touchedDuringRebuild = undefined;
      }
      await Promise.all([...touched].map((id) => this.refresh(id)));
      this.options.logger.info({ rows: this.rows.size, ms: Math.round(performance.now() - started) }, 'inbox rows rebuilt');
    })().finally(() => {
      this.rebuilding = undefined;
    });
    return this.rebuilding;
  }
}
