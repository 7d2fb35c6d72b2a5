import mongoose from 'mongoose';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { buildReport, caseAuthHeader, storedCaseFiles, submit, uploadAttachment } from '../../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { expiryOf } from '../../../server/commands/attachmentUploader';
import { newContentId, sealFileMeta } from '../../../core/crypto';

const DAY = 24 * 3600_000;

/**
 * Uploads keep no time finer than the rounding (issue 12): an open upload's expiry is rounded up
 * to a whole day, a completed upload leaves no upload record, and its GridFS documents carry our
 * ids (no ObjectId, whose first bytes are the second it was made) and a rounded `uploadDate`.
 */
describe('upload records and their times', () => {
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  let db: mongoose.Connection;

  beforeAll(async () => {
    deployment = await createTestDeployment();
    const uri = mongoUriFor(uniqueName('uploads'));
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '4', ...deployment.env });
    db = await mongoose.createConnection(uri).asPromise();
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
  });

  it('rounds an expiry up to a whole day, at least the TTL away', () => {
    const now = new Date(Date.UTC(2026, 5, 1, 13, 47, 12, 345));
    expect(expiryOf(now, 24 * 3600).toISOString()).toBe('2026-06-03T00:00:00.000Z');
    expect(expiryOf(new Date(Date.UTC(2026, 5, 1)), 24 * 3600).toISOString()).toBe('2026-06-02T00:00:00.000Z');
  });

  it('an open upload expires on a day boundary; a completed one leaves no record, and a retried completion answers the same', async () => {
    const report = buildReport(deployment, { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }, 'x', { fast: true });
    expect((await submit(server.url, report)).status).toBe(201);
    const auth = { authorization: caseAuthHeader(report.secrets) };

    const started = Date.now();
    const uploaded = await uploadAttachment(server.url, report.secrets, new Uint8Array(3000).fill(7));
    expect(uploaded.status).toBe(200);
    expect(await db.collection('uploads').countDocuments()).toBe(0);
    const file = await db.collection('attachments.files').findOne({});
    expect(typeof file!._id).toBe('string');
    expect(file!.uploadDate.getTime() % (deployment.policy.timeRoundingMinutes * 60_000)).toBe(0);
    const chunks = await db.collection('attachments.chunks').find({}).toArray();
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((c) => typeof c._id === 'string')).toBe(true);

    const again = await fetch(`${server.url}/api/reports/uploads/${uploaded.uploadId}/complete`, { method: 'POST', headers: auth });
    expect({ status: again.status, body: await again.json() }).toEqual({ status: 200, body: { fileId: uploaded.uploadId } });
    const listed = await db.collection('cases').findOne({}, { projection: { _id: 1 } });
    expect((await storedCaseFiles(db, listed!._id)).map((a) => a.fileId)).toEqual([uploaded.uploadId]);

    // An upload left open: its record stays until it expires, on a whole day.
    const contentId = newContentId();
    const meta = sealFileMeta(report.secrets.dek, report.secrets.caseToken, contentId, JSON.stringify({ name: 'b.pdf', type: 'application/pdf', size: 10 }));
    const open = await fetch(`${server.url}/api/reports/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ size: uploaded.ciphertext!.length, chunkCount: 1, contentId, meta }),
    });
    expect(open.status).toBe(201);
    const record = await db.collection('uploads').findOne({});
    expect(record!.expiresAt.getTime() % DAY).toBe(0);
    expect(record!.expiresAt.getTime()).toBeGreaterThanOrEqual(started + 24 * 3600_000);
  });
});
