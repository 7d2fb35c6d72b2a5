import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import mongoose from 'mongoose';

/**
 * The backup format `cc-backup/1`: JSON lines, one record per line, values in canonical
 * Extended JSON (dates, binaries and ids keep their BSON types):
 *   {"t":"header","format":"cc-backup/1","collections":[{"name","indexes":[...]}]}
 *   {"t":"doc","c":"<collection>","d":{...}}            every document, collection by collection
 *   {"t":"end","counts":{"<collection>":n},"gridfs":{"<bucket>":files}}
 * GridFS buckets (`<bucket>.files` + `<bucket>.chunks`) are ordinary collections here, copied
 * document for document: the attachments' random string ids and rounded upload dates stay as
 * they are (re-uploading through GridFSBucket would make ObjectIds, which carry creation times).
 * Documents keep the collection's natural order, so a restore keeps the insertion order too.
 */
export const BACKUP_FORMAT = 'cc-backup/1';
const { EJSON } = mongoose.mongo.BSON;
type Db = mongoose.mongo.Db;
type IndexSpec = { name: string; key: Record<string, unknown>; unique?: boolean; sparse?: boolean; partialFilterExpression?: unknown };

/** A restore or backup that cannot go on; `code` is stable for scripts and tests. */
export class BackupError extends Error {
  constructor(
    readonly code: 'restore_target_not_empty' | 'backup_truncated' | 'backup_malformed' | 'backup_count_mismatch' | 'gridfs_incomplete',
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const line = (value: unknown) => `${EJSON.stringify(value, { relaxed: false })}\n`;

async function write(out: Writable, text: string) {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/** Collection names of a database, without system collections, in a stable order. */
async function userCollections(db: Db): Promise<string[]> {
  const list = await db.listCollections({}, { nameOnly: true }).toArray();
  return list.map((c) => c.name).filter((n) => !n.startsWith('system.')).sort();
}

/**
 * Writes every collection of `db` (GridFS buckets included) to `out`. Checks each GridFS file
 * has all its chunks, so a backup taken during an upload's last write fails loudly instead of
 * holding a file that cannot be read back.
 */
export async function writeBackup(db: Db, out: Writable): Promise<{ counts: Record<string, number>; gridfs: Record<string, number> }> {
  const names = await userCollections(db);
  const collections = [];
  for (const name of names) {
    const indexes = (await db.collection(name).listIndexes().toArray()) as IndexSpec[];
    collections.push({ name, indexes: indexes.filter((i) => i.name !== '_id_').map(({ name: n, key, unique, sparse, partialFilterExpression }) => ({ name: n, key, unique, sparse, partialFilterExpression })) });
  }
  await write(out, line({ t: 'header', format: BACKUP_FORMAT, collections }));
  const counts: Record<string, number> = {};
  const chunksSeen = new Map<string, number>(); // "<bucket>\0<files_id>" → chunks exported
  for (const name of names) {
    let n = 0;
    const isChunks = name.endsWith('.chunks');
    for await (const doc of db.collection(name).find({})) {
      await write(out, line({ t: 'doc', c: name, d: doc }));
      if (isChunks) {
        const key = `${name.slice(0, -'.chunks'.length)}\0${EJSON.stringify(doc.files_id)}`;
        chunksSeen.set(key, (chunksSeen.get(key) ?? 0) + 1);
      }
      n++;
    }
    counts[name] = n;
  }
  const gridfs: Record<string, number> = {};
  for (const name of names.filter((n) => n.endsWith('.files') && names.includes(`${n.slice(0, -'.files'.length)}.chunks`))) {
    const bucket = name.slice(0, -'.files'.length);
    gridfs[bucket] = 0;
    for await (const file of db.collection(name).find({}, { projection: { length: 1, chunkSize: 1 } })) {
      const expected = Math.ceil(Number(file.length) / Number(file.chunkSize));
      const seen = chunksSeen.get(`${bucket}\0${EJSON.stringify(file._id)}`) ?? 0;
      if (seen !== expected) throw new BackupError('gridfs_incomplete', `GridFS file ${String(file._id)} in "${bucket}" has ${seen} of ${expected} chunks; run the backup again`);
      gridfs[bucket]++;
    }
  }
  await write(out, line({ t: 'end', counts, gridfs }));
  return { counts, gridfs };
}

/** Inserts documents in batches of about 4 MiB (GridFS chunks are up to 1 MiB each). */
class BatchInserter {
  private docs: Record<string, unknown>[] = [];
  private bytes = 0;
  constructor(
    private readonly db: Db,
    readonly name: string,
  ) {}
  async add(doc: Record<string, unknown>, size: number) {
    this.docs.push(doc);
    this.bytes += size;
    if (this.docs.length >= 500 || this.bytes >= 4 * 1024 * 1024) await this.flush();
  }
  async flush() {
    if (!this.docs.length) return;
    // ordered: the restored collection keeps the backup's (the original's) insertion order.
    await this.db.collection(this.name).insertMany(this.docs, { ordered: true });
    this.docs = [];
    this.bytes = 0;
  }
}

type BackupRecord = { t?: string; format?: string; c?: string; d?: Record<string, unknown>; counts?: Record<string, number>; collections?: { name: string; indexes: IndexSpec[] }[] };
type Header = { collections: { name: string; indexes: IndexSpec[] }[] };

/** Reads a backup stream record by record, checking its structure; `onDoc` gets each document. */
async function readBackup(input: Readable, onHeader: (h: Header) => Promise<void>, onDoc: (name: string, doc: Record<string, unknown>, size: number) => Promise<void>) {
  let header: Header | undefined;
  let end: Record<string, number> | undefined;
  const counts: Record<string, number> = {};
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    if (!text.trim()) continue;
    if (end) throw new BackupError('backup_malformed', 'records after the end record');
    let record: BackupRecord;
    try {
      record = EJSON.parse(text, { relaxed: false }) as BackupRecord;
    } catch {
      throw new BackupError('backup_malformed', 'a line is not Extended JSON');
    }
    if (!header) {
      if (record.t !== 'header' || record.format !== BACKUP_FORMAT || !Array.isArray(record.collections)) throw new BackupError('backup_malformed', `not a ${BACKUP_FORMAT} backup`);
      header = { collections: record.collections };
      for (const c of header.collections) counts[c.name] = 0;
      await onHeader(header);
    } else if (record.t === 'doc' && typeof record.c === 'string' && record.d && record.c in counts) {
      counts[record.c]++;
      await onDoc(record.c, record.d, text.length);
    } else if (record.t === 'end' && record.counts) {
      end = record.counts;
    } else {
      throw new BackupError('backup_malformed', `unexpected record "${String(record.t)}"`);
    }
  }
  if (!header || !end) throw new BackupError('backup_truncated', 'the backup ends before its end record (truncated copy?)');
  for (const name of new Set([...Object.keys(end), ...Object.keys(counts)])) {
    // Canonical Extended JSON parsed without `relaxed` gives Int32 objects: compare as numbers.
    if (counts[name] !== Number(end[name] ?? 0)) throw new BackupError('backup_count_mismatch', `collection "${name}": the backup holds ${counts[name] ?? 0} documents but announces ${Number(end[name] ?? 0)}`);
  }
  return counts;
}

/**
 * Restores a `cc-backup/1` backup into an EMPTY database: indexes first (as the backup lists
 * them), then the documents in their order. Two passes over `open()`: the first checks the whole
 * backup (structure, end record, counts), so a truncated or damaged copy changes nothing; the
 * second writes. Refuses a database that holds any document.
 */
export async function restoreBackup(db: Db, open: () => Readable): Promise<{ counts: Record<string, number> }> {
  for (const name of await userCollections(db)) {
    if ((await db.collection(name).estimatedDocumentCount()) > 0) throw new BackupError('restore_target_not_empty', `the target database is not empty (collection "${name}" has documents); restore only into an empty database`);
  }
  await readBackup(open(), async () => undefined, async () => undefined);
  let inserter: BatchInserter | undefined;
  const counts = await readBackup(
    open(),
    async (header) => {
      for (const c of header.collections) {
        await db.createCollection(c.name).catch(() => undefined); // exists already: fine (it is empty)
        for (const index of c.indexes) {
          const options = Object.fromEntries(Object.entries({ name: index.name, unique: index.unique, sparse: index.sparse, partialFilterExpression: index.partialFilterExpression }).filter(([, v]) => v !== undefined && v !== null));
          await db.collection(c.name).createIndex(index.key as never, options);
        }
      }
    },
    async (name, doc, size) => {
      if (inserter?.name !== name) {
        await inserter?.flush();
        inserter = new BatchInserter(db, name);
      }
      await inserter.add(doc, size);
    },
  );
  await inserter?.flush();
  return { counts };
}
