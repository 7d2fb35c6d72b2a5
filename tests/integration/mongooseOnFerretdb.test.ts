import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { Schema } from 'mongoose';
import { mongoUriFor, uniqueName } from '../support/testEnv';

/**
 * The proof the issue asks for before anything is built on it: mongoose 9 works against the
 * MongoDB-protocol server of this machine (FerretDB here, MongoDB in production) for every
 * operation the platform relies on.
 */
describe('mongoose on the MongoDB-protocol server', () => {
  let conn: mongoose.Connection;
  const Thing = new Schema({ token: { type: String, required: true, unique: true }, unit: String, count: Number });

  beforeAll(async () => {
    conn = await mongoose.createConnection(mongoUriFor(uniqueName('proof')), { serverSelectionTimeoutMS: 5000, bufferCommands: false }).asPromise();
  });
  afterAll(async () => {
    await conn.dropDatabase().catch(() => {});
    await conn.close();
  });

  it('creates indexes, enforces uniqueness, updates atomically and aggregates', async () => {
    const Model = conn.model('Thing', Thing);
    await Model.createIndexes();
    const indexes = await Model.collection.indexes();
    expect(indexes.find((i) => i.key.token === 1)?.unique).toBe(true);

    await Model.insertMany([
      { token: 'a', unit: 'aca', count: 1 },
      { token: 'b', unit: 'aca', count: 2 },
      { token: 'c', unit: 'afm', count: 5 },
    ]);
    await expect(Model.create({ token: 'a', unit: 'x' })).rejects.toMatchObject({ code: 11000 });

    const updated = await Model.findOneAndUpdate({ token: 'b', count: 2 }, { $inc: { count: 10 }, $set: { unit: 'afm' } }, { returnDocument: 'after' });
    expect(updated?.count).toBe(12);
    // The guard in the filter makes a second identical update a no-op: the idempotency tool.
    const again = await Model.findOneAndUpdate({ token: 'b', count: 2 }, { $inc: { count: 10 } }, { returnDocument: 'after' });
    expect(again).toBeNull();

    // FerretDB 1.24 computes only the FIRST accumulator of a $group (the others come back 0),
    // so the platform uses one accumulator per $group stage. See docs/operations.md, pitfalls.
    const totals = await Model.aggregate<{ _id: string; total: number }>([
      { $match: { count: { $gte: 1 } } },
      { $group: { _id: '$unit', total: { $sum: '$count' } } },
      { $sort: { total: -1 } },
    ]);
    expect(totals).toEqual([
      { _id: 'afm', total: 17 },
      { _id: 'aca', total: 1 },
    ]);
    const counts = await Model.aggregate<{ _id: string; n: number }>([
      { $match: { count: { $gte: 1 } } },
      { $group: { _id: '$unit', n: { $sum: 1 } } },
      { $sort: { n: -1 } },
    ]);
    expect(counts).toEqual([
      { _id: 'afm', n: 2 },
      { _id: 'aca', n: 1 },
    ]);
  });

  it('answers filters with `_id` and other fields exactly, and on FerretDB from its `_id` index', async () => {
    // scripts/services.sh builds FerretDB with two fixes so lookups and updates by `_id` use the
    // index it declares (without them each scanned the table). Results must not change.
    const col = conn.collection<{ _id: string; s: string }>('idIndexUse');
    await col.insertMany([{ _id: 'a', s: 'p' }, { _id: 'b', s: 'q' }, { _id: 'c', s: 'q' }]);
    expect(await col.findOne({ _id: 'b', s: 'q' })).toEqual({ _id: 'b', s: 'q' });
    expect(await col.findOne({ _id: 'b', s: 'p' })).toBeNull();
    expect(await col.countDocuments({ _id: 'a', s: 'q' })).toBe(0);
    expect(await col.countDocuments()).toBe(3);
    expect(await col.estimatedDocumentCount()).toBe(3); // a count without any filter
    expect(await col.distinct('s')).toEqual(['p', 'q']);
    expect((await col.updateOne({ _id: 'c', s: 'p' }, { $set: { s: 'x' } })).matchedCount).toBe(0);
    expect((await col.updateOne({ _id: 'c', s: 'q' }, { $set: { s: 'x' } })).modifiedCount).toBe(1);
    expect((await col.deleteOne({ _id: 'a', s: 'q' })).deletedCount).toBe(0);
    expect((await col.deleteOne({ _id: 'a' })).deletedCount).toBe(1);
    expect(await col.find({}).sort({ _id: 1 }).toArray()).toEqual([{ _id: 'b', s: 'q' }, { _id: 'c', s: 'x' }]);
    const info = await conn.db!.admin().buildInfo();
    if ('ferretdbVersion' in info) {
      for (const filter of [{ _id: 'b' }, { _id: 'b', s: 'q' }]) {
        const plan = JSON.stringify((await col.find(filter).explain()).queryPlanner);
        expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
      }
    }
  });

  it('stores and reads back a 20 MiB file through GridFS byte for byte', async () => {
    const bucket = new mongoose.mongo.GridFSBucket(conn.db!, { bucketName: 'proof' });
    const data = randomBytes(20 * 1024 * 1024);
    const upload = bucket.openUploadStream('blob', { chunkSizeBytes: 255 * 1024 });
    await pipeline(Readable.from([data.subarray(0, 7_000_000), data.subarray(7_000_000)]), upload);

    const hash = createHash('sha256');
    let length = 0;
    for await (const chunk of bucket.openDownloadStream(upload.id)) {
      hash.update(chunk as Buffer);
      length += (chunk as Buffer).length;
    }
    expect(length).toBe(data.length);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
