import { CaseBody } from '../../../server/models/CaseBody';
import mongoose from 'mongoose';
import type { Redis } from 'ioredis';
import { createQueueConnection } from '../../../server/infra/redis';
import { Case } from '../../../server/models/Case';
import { Message } from '../../../server/models/Message';
import { Upload } from '../../../server/models/Upload';
import { AuditEvent } from '../../../server/models/AuditEvent';
import { runRetention } from '../../../workers/tasks/retentionTask';
import { connectTestDb, insertCase, testContext, testStack } from './stack';

const DAY = 86_400_000;
const ROUTING = { category: 'ethics', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] as string[] };

describe('retention task: crypto-shredding of closed cases', () => {
  let stack: Awaited<ReturnType<typeof testStack>>;
  let connection: Redis;
  let t: ReturnType<typeof testContext>;
  const db = () => mongoose.connection.db!;

  beforeAll(async () => {
    stack = await testStack('wretain');
    await connectTestDb(stack.uri);
    connection = createQueueConnection(stack.env.REDIS_URL);
    t = testContext(stack, connection);
    await t.ready();
  });
  afterAll(async () => {
    await t.ctx.queues.close();
    await connection.quit();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });

  async function caseWithData(closedDaysAgo: number, now: Date) {
    const id = await insertCase(stack.deployment, ROUTING, new Date(now.getTime() - (closedDaysAgo + 30) * DAY), {
      status: 'closed',
      outcome: 'substantiated',
      closedAt: new Date(now.getTime() - closedDaysAgo * DAY),
      unitId: 'ethics@KZ-75',
      routeState: 'routed',
      identity: { sealed: { v: 1, alg: 'x', nonce: 'n', ct: 'identity-ciphertext' }, wraps: [{ unitId: 'ethics@KZ-75', generation: 1, wrap: { v: 1, sealed: 's' } }] },
    });
    await Message.create({ _id: `${id}-m1`, caseId: id, seq: 1, messageId: 'm1', from: 'reporter', sealed: { v: 1, alg: 'x', nonce: 'n', ct: 'msg' }, at: now });
    const fileId = `${id}-f1`;
    await Upload.create({ _id: fileId, caseId: id, from: 'reporter', contentId: 'c1', size: 10, chunkSize: 10, chunkCount: 1, received: 1, state: 'complete', expiresAt: now });
    await db().collection('attachments.chunks').insertOne({ _id: `${fileId}-0` as never, files_id: fileId, n: 0, data: Buffer.from('ciphertext') });
    await db().collection('attachments.files').insertOne({ _id: fileId as never, length: 10, chunkSize: 10, filename: fileId });
    return { id, fileId };
  }

  it('shreds wraps, verifier, bodies, messages and files of cases past retention, keeps the fact and the day', async () => {
    const now = new Date();
    const { closedCaseDays } = stack.deployment.policy.retention;
    const old = await caseWithData(closedCaseDays + 1, now);
    const recent = await caseWithData(closedCaseDays - 1, now);
    const before = await Case.findById(old.id).lean<Record<string, any>>();

    const first = await runRetention(t.ctx, now);
    const second = await runRetention(t.ctx, new Date(now.getTime() + 1000));
    expect(first.purged).toBe(1);
    expect(second.purged).toBe(0);

    const shredded = await Case.findById(old.id).lean<Record<string, any>>();
    for (const gone of ['wraps', 'authVerifier', 'body', 'identity', 'attachments', 'reporterPublicKey', 'submissionHash']) expect(shredded![gone]).toBeUndefined();
    expect(await CaseBody.countDocuments({ _id: old.id })).toBe(0);
    expect(await CaseBody.countDocuments({ _id: recent.id })).toBe(1);
    expect(shredded!.caseToken).not.toBe(before!.caseToken);
    expect(shredded!.purgedAt.getTime() % DAY).toBe(0);
    // What statistics need stays: routing metadata, status, outcome.
    expect(shredded!.routing.category).toBe('ethics');
    expect(shredded!.outcome).toBe('substantiated');
    expect(await Message.countDocuments({ caseId: old.id })).toBe(0);
    expect(await Upload.countDocuments({ caseId: old.id })).toBe(0);
    expect(await db().collection('attachments.chunks').countDocuments({ files_id: old.fileId })).toBe(0);
    expect(await db().collection('attachments.files').countDocuments({ _id: old.fileId as never })).toBe(0);
    const audit = await AuditEvent.find({ scope: `case:${old.id}` }).lean<{ action: string; details: object; at: Date }[]>();
    expect(audit.map((a) => [a.action, a.details])).toEqual([['purged', {}]]);
    expect(audit[0].at.getTime() % DAY).toBe(0);

    // A case closed more recently is untouched.
    const kept = await Case.findById(recent.id).lean<Record<string, any>>();
    expect(kept!.wraps).toHaveLength(before!.wraps.length);
    expect(kept!.purgedAt).toBeUndefined();
    expect(await Message.countDocuments({ caseId: recent.id })).toBe(1);
    expect(await db().collection('attachments.chunks').countDocuments({ files_id: recent.fileId })).toBe(1);
  });

  it('finishes a purge a crash interrupted after the wraps were removed', async () => {
    const now = new Date();
    const { closedCaseDays } = stack.deployment.policy.retention;
    const half = await caseWithData(closedCaseDays + 2, now);
    await Case.updateOne({ _id: half.id }, { $unset: { wraps: 1, 'identity.wraps': 1, authVerifier: 1 } });
    expect((await runRetention(t.ctx, now)).purged).toBe(1);
    const done = await Case.findById(half.id).lean<Record<string, any>>();
    expect(done!.purgedAt).toBeDefined();
    expect(done!.body).toBeUndefined();
    expect(await CaseBody.countDocuments({ _id: half.id })).toBe(0);
    expect(await db().collection('attachments.chunks').countDocuments({ files_id: half.fileId })).toBe(0);
  });

  it('removes expired unfinished uploads', async () => {
    const now = new Date();
    const id = await insertCase(stack.deployment, ROUTING, now, { uploadBytes: 10 });
    await Upload.create({ _id: `${id}-open`, caseId: id, from: 'reporter', contentId: 'c2', size: 10, chunkSize: 10, chunkCount: 1, expiresAt: new Date(now.getTime() - 1000) });
    expect((await runRetention(t.ctx, now)).uploadsRemoved).toBe(1);
    expect(await Upload.countDocuments({ _id: `${id}-open` })).toBe(0);
    expect((await Case.findById(id).lean<{ uploadBytes: number }>())!.uploadBytes).toBe(0);
  });
});
