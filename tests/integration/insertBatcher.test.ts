import mongoose from 'mongoose';
import { InsertBatcher } from '../../server/infra/insertBatcher';
import { mongoUriFor, uniqueName } from '../support/testEnv';

/** Group commit on the real engine: one insertMany for the inserts that arrive together, one outcome each. */
describe('InsertBatcher', () => {
  beforeAll(async () => {
    await mongoose.connect(mongoUriFor(uniqueName('batcher')));
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
  });

  const collection = () => mongoose.connection.db!.collection('things');

  it('writes inserts that arrive together in fewer commands, and every document lands', async () => {
    const batcher = new InsertBatcher(collection, 50);
    const spy = jest.spyOn(mongoose.mongo.Collection.prototype, 'insertMany'); // counts; the real insert runs
    try {
      await Promise.all(Array.from({ length: 200 }, (_, i) => batcher.insert({ _id: `a-${i}` as never, n: i })));
      expect(await collection().countDocuments({ n: { $gte: 0 } })).toBe(200);
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(4); // at most 50 per command
      expect(spy.mock.calls.length).toBeLessThan(20);
    } finally {
      spy.mockRestore();
    }
  });

  it('fails only the duplicate, with its code, and stores the others of the same batch', async () => {
    const batcher = new InsertBatcher(collection);
    await collection().insertOne({ _id: 'taken' as never });
    const outcomes = await Promise.allSettled([batcher.insert({ _id: 'b-1' as never }), batcher.insert({ _id: 'taken' as never }), batcher.insert({ _id: 'b-2' as never })]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((outcomes[1] as PromiseRejectedResult).reason as { code: number }).code).toBe(11000);
    expect(await collection().countDocuments({ _id: { $in: ['b-1', 'b-2'] as never[] } })).toBe(2);
  });

  it('fails every insert of a batch whose whole command fails', async () => {
    // A stand-in collection: a connection lost in the middle of one command cannot be caused on demand here.
    const broken = new InsertBatcher(() => ({ insertMany: () => Promise.reject(new Error('connection lost')) }) as unknown as mongoose.mongo.Collection);
    const outcomes = await Promise.allSettled([broken.insert({ _id: 'c-1' }), broken.insert({ _id: 'c-2' })]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    // And it keeps working afterwards.
    const batcher = new InsertBatcher(collection);
    await batcher.insert({ _id: 'c-3' as never });
    expect(await collection().countDocuments({ _id: 'c-3' as never })).toBe(1);
  });

  it('fails a batch the database never answers (503 code) and goes on writing the next ones', async () => {
    // A database that takes a command and never answers cannot be made on demand here, so the
    // first insertMany is a stand-in that never settles; every later one is the real engine's.
    let calls = 0;
    const stalling = () => ({
      insertMany: ((docs: never[], options: never) => (calls++ === 0 ? new Promise(() => {}) : collection().insertMany(docs, options))) as never,
    });
    const batcher = new InsertBatcher(stalling, 50, 300);
    const started = Date.now();
    await expect(batcher.insert({ _id: 'stalled-1' as never })).rejects.toMatchObject({ kind: 'unavailable', code: 'database_unavailable' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    // Before the timeout, one stalled batch kept every later insert waiting for ever.
    await expect(Promise.all([batcher.insert({ _id: 'after-1' as never }), batcher.insert({ _id: 'after-2' as never })])).resolves.toHaveLength(2);
    expect(await collection().countDocuments({ _id: { $in: ['after-1', 'after-2'] } as never })).toBe(2);
  });
});
