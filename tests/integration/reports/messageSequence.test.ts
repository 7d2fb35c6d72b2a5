import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { postMessage } from '../../../server/commands/messagePoster';
import { Case } from '../../../server/models/Case';
import { Message } from '../../../server/models/Message';
import { mongoUriFor, uniqueName } from '../../support/testEnv';

const sealed = () => ({ v: 1, alg: 'xchacha20poly1305-ietf', nonce: randomBytes(24).toString('base64url'), ct: randomBytes(40).toString('base64url') });

/**
 * Thread numbering under concurrency, on the real test database. FerretDB's `$inc` is a
 * read-modify-write that can hand two writers the same number; the unique {caseId, seq} index
 * plus server/infra/numbered.ts must still give every message its own number and lose none.
 */
describe('message sequence numbers under concurrent posts', () => {
  const caseId = randomBytes(16).toString('base64url');

  beforeAll(async () => {
    mongoose.set('bufferCommands', false);
    await mongoose.connect(mongoUriFor(uniqueName('msgseq')), { serverSelectionTimeoutMS: 3000 });
    await Message.init();
    await Case.collection.insertOne({ _id: caseId as never, messageCount: 0, timeline: [] });
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });

  it('30 messages posted at once: 30 stored, 30 distinct numbers, a count that covers them', async () => {
    const ids = Array.from({ length: 30 }, () => randomBytes(16).toString('base64url'));
    const results = await Promise.all(ids.map((id, i) => postMessage(caseId, i % 2 ? 'reporter' : 'investigator', id, sealed())));
    const stored = await Message.find({ caseId }, { seq: 1, messageId: 1 }).lean<{ seq: number; messageId: string }[]>();
    expect(stored).toHaveLength(30);
    expect(new Set(stored.map((m) => m.seq)).size).toBe(30);
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(stored.map((m) => m.seq).sort((a, b) => a - b));
    const kase = await Case.findById(caseId, { messageCount: 1 }).lean<{ messageCount: number }>();
    expect(kase!.messageCount).toBeGreaterThanOrEqual(Math.max(...stored.map((m) => m.seq)));
  });

  it('one message retried five times at once is stored once, and every retry gets its number', async () => {
    const before = await Message.countDocuments({ caseId });
    const id = randomBytes(16).toString('base64url');
    const body = sealed();
    const results = await Promise.all(Array.from({ length: 5 }, () => postMessage(caseId, 'reporter', id, body)));
    expect(await Message.countDocuments({ caseId })).toBe(before + 1);
    const { seq } = (await Message.findOne({ caseId, messageId: id }).lean<{ seq: number }>())!;
    expect(results.map((r) => r.seq)).toEqual([seq, seq, seq, seq, seq]);
  });

  it('a message id already used by the other side is refused', async () => {
    const id = randomBytes(16).toString('base64url');
    await postMessage(caseId, 'reporter', id, sealed());
    await expect(postMessage(caseId, 'investigator', id, sealed())).rejects.toMatchObject({ code: 'message_exists' });
  });
});
