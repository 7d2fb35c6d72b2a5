import mongoose from 'mongoose';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { buildReport, proofOfWork, readStatus, sendMessage, submit, uploadAttachment, storedCaseWithBody } from '../../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { decryptAttachmentBytes, fromUtf8, openMessage, openReportBody } from '../../../core/crypto';
import type { RoutingMetadata } from '../../../core/routing';

const BRIBERY: RoutingMetadata = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };

/** The reporter's side of the server, end to end over HTTP with real crypto. */
describe('anonymous intake', () => {
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  let db: mongoose.Connection;

  beforeAll(async () => {
    deployment = await createTestDeployment();
    const uri = mongoUriFor(uniqueName('intake'));
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '6', ...deployment.env });
    db = await mongoose.createConnection(uri).asPromise();
  });
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output());
    await server?.stop();
    await db?.close();
  });

  it('serves the signed policy', async () => {
    const res = await fetch(`${server.url}/api/policy`);
    expect(res.status).toBe(200);
    const { signed } = await res.json();
    expect(signed.signature.value).toBe(deployment.signed.signature.value);
  });

  it('accepts a report once, returns the same answer to a retry, and lets the reporter read it back', async () => {
    const report = buildReport(deployment, BRIBERY, 'The deputy akim asked for a bribe.');
    const first = await submit(server.url, report);
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('received');
    const retry = await submit(server.url, report);
    expect(retry.status).toBe(200);
    expect(retry.body.receivedAt).toBe(first.body.receivedAt);
    expect(await db.collection('cases').countDocuments({ caseToken: report.secrets.caseToken })).toBe(1);

    const stored = await storedCaseWithBody(db, report.secrets.caseToken);
    // The receive time is rounded to the policy's bucket.
    expect(new Date(stored!.receivedAt).getTime() % (deployment.policy.timeRoundingMinutes * 60_000)).toBe(0);
    expect(typeof stored!._id).toBe('string');
    const body = openReportBody(report.secrets.dek, report.secrets.caseToken, stored!.body);
    expect(JSON.parse(fromUtf8(body)).description).toContain('bribe');

    const msg = await sendMessage(server.url, report.secrets, 'More details: it was 5 million tenge.');
    expect(msg.status).toBe(201);
    expect(msg.body.seq).toBe(1);

    const status = await readStatus(server.url, report.secrets);
    expect(status.status).toBe(200);
    expect(status.body.status).toBe('received');
    expect(status.body.timeline[0].kind).toBe('received');
    expect(status.body.messages).toHaveLength(1);
    const m = status.body.messages[0];
    expect(fromUtf8(openMessage(report.secrets.dek, report.secrets.caseToken, m.messageId, 'reporter', m.sealed))).toContain('5 million');
  });

  it('gives a wrong code the same 404 as a code without a case', async () => {
    const report = buildReport(deployment, BRIBERY, 'x', { fast: true });
    await submit(server.url, report);
    const wrongSecret = { ...report.secrets, authSecret: new Uint8Array(32).fill(7) };
    const noCase = buildReport(deployment, BRIBERY, 'y', { fast: true });
    const a = await readStatus(server.url, wrongSecret);
    const b = await readStatus(server.url, noCase.secrets);
    expect(a.status).toBe(404);
    expect(b.status).toBe(404);
    expect(a.body).toEqual(b.body);
  });

  it('stores an attachment uploaded in chunks and gives it back byte for byte', async () => {
    const report = buildReport(deployment, BRIBERY, 'with a file', { fast: true, attachments: 1 });
    expect((await submit(server.url, report)).status).toBe(201);
    const plaintext = new Uint8Array(2_500_000).map((_, i) => i % 251);
    const up = await uploadAttachment(server.url, report.secrets, plaintext);
    expect(up.status).toBe(200);
    const bucket = new mongoose.mongo.GridFSBucket(db.db!, { bucketName: 'attachments' });
    const chunks: Buffer[] = [];
    for await (const c of bucket.openDownloadStream(up.uploadId as never)) chunks.push(c as Buffer);
    const stored = Buffer.concat(chunks);
    expect(stored.equals(Buffer.from(up.ciphertext!))).toBe(true);
    expect(Buffer.from(decryptAttachmentBytes(report.secrets.dek, report.secrets.caseToken, up.fileId!, stored)).equals(Buffer.from(plaintext))).toBe(true);
    const status = await readStatus(server.url, report.secrets);
    expect(status.body.attachments).toEqual([expect.objectContaining({ fileId: up.uploadId, contentId: up.fileId, size: stored.length, from: 'reporter' })]);
  });

  it('refuses a replayed proof of work', async () => {
    const pow = await proofOfWork(server.url, 'submit');
    expect((await submit(server.url, buildReport(deployment, BRIBERY, 'a', { fast: true }), pow)).status).toBe(201);
    const replay = await submit(server.url, buildReport(deployment, BRIBERY, 'b', { fast: true }), pow);
    expect(replay.status).toBe(403);
    expect(replay.body.error.code).toBe('pow_unknown');
  });
});
