import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { shapesOf, type QueryShape } from '../../server/infra/commandShapes';
import { connectMongo } from '../../server/infra/mongo';
import { checkShapes, isServed } from '../support/indexCoverage';
import { declaredIndexes } from '../../scripts/checkIndexUse';
import { mongoUriFor, uniqueName } from '../support/testEnv';

const q = (filter: string[], sort: string[] = [], or: string[][] = []): QueryShape => ({ kind: 'query', collection: 'c', command: 'find', filter, or, sort });

/** The rule that decides "served by a declared index" (scripts/checkIndexUse.ts runs it on a whole test run). */
describe('index coverage rule', () => {
  it('serves a filter by an index that starts with its fields, and a sort that follows them', () => {
    const indexes = [['unitId', 'status', 'deadlines.nextDue'], ['username']];
    expect(isServed(q(['unitId']), indexes)).toBe(true);
    expect(isServed(q(['status', 'unitId']), indexes)).toBe(true);
    expect(isServed(q(['unitId', 'status'], ['deadlines.nextDue']), indexes)).toBe(true);
    expect(isServed(q([], ['username']), indexes)).toBe(true);
    expect(isServed(q(['_id']), indexes)).toBe(true);
    expect(isServed({ ...q([]), command: 'count' }, indexes)).toBe(true); // the collection's metadata
    expect(isServed({ ...q(['status']), command: 'count' }, [])).toBe(false);
  });

  it('refuses a filter on a field no index starts with, a sort out of order, and an unindexed $or branch', () => {
    const indexes = [['unitId', 'status', 'deadlines.nextDue']];
    expect(isServed(q(['status']), indexes)).toBe(false);
    expect(isServed(q(['unitId'], ['deadlines.nextDue']), indexes)).toBe(false);
    expect(isServed(q(['unitId', 'status'], ['unitId', 'deadlines.nextDue']), indexes)).toBe(true);
    expect(isServed(q(['unitId'], ['status', 'assigneeId']), indexes)).toBe(false);
    expect(isServed(q([]), indexes)).toBe(false);
    expect(isServed(q([], [], [['unitId'], ['assigneeId']]), indexes)).toBe(false);
    expect(isServed(q([], [], [['unitId'], ['_id']]), indexes)).toBe(true);
  });

  it('reads field names from real command documents and never a value', () => {
    const shapes = shapesOf({ update: 'cases', updates: [{ q: { _id: 'secret-id', $or: [{ unitId: 'u' }, { assigneeId: 'a' }] }, u: { $set: { x: 'content' } } }] });
    expect(shapes).toEqual([{ kind: 'query', collection: 'cases', command: 'update', filter: ['_id'], or: [['unitId'], ['assigneeId']], sort: [] }]);
    expect(JSON.stringify(shapes)).not.toMatch(/secret|content/);
    expect(shapesOf({ createIndexes: 'cases', indexes: [{ key: { unitId: 1, status: -1 }, name: 'x' }] })).toEqual([{ kind: 'index', collection: 'cases', keys: ['unitId', 'status'] }]);
  });
});

describe('recording query shapes from a real connection', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapes-'));
  beforeAll(async () => {
    process.env.CC_DB_SHAPES_DIR = dir;
    await connectMongo(mongoUriFor(uniqueName('shapes')));
  });
  afterAll(async () => {
    delete process.env.CC_DB_SHAPES_DIR;
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records what the process sent, and the check flags the unindexed query', async () => {
    const things = mongoose.connection.db!.collection('things');
    await things.createIndex({ owner: 1, at: 1 });
    await things.insertOne({ _id: 'x' as never, owner: 'someone', at: new Date(), colour: 'red' });
    await things.find({ owner: 'someone' }).sort({ at: -1 }).toArray();
    await things.find({ colour: 'red' }).toArray();
    const { queries, unserved } = checkShapes(dir, new Map());
    expect(queries).toBe(2);
    expect(unserved.map((u) => `${u.collection}:${u.filter.join()}`)).toEqual(['things:colour']);
    expect(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('')).not.toMatch(/someone|red/);
  });

  it('takes the declared indexes of every model', async () => {
    const declared = await declaredIndexes();
    expect(declared.get('cases')).toEqual(expect.arrayContaining([['caseToken'], ['unitId', 'status', 'deadlines.nextDue']]));
    expect(declared.get('memberships')).toEqual(expect.arrayContaining([['unitId', 'investigatorId']]));
  });
});
