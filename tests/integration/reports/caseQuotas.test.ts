import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { buildReport, caseAuthHeader, proofOfWork, readStatus, sendMessage, submit, uploadAttachment } from '../../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { fromUtf8, newContentId, openMessage, sealMessage } from '../../../core/crypto';
import type { RoutingMetadata } from '../../../core/routing';
import { postForm } from '../noJs/noJsHttp';

const BRIBERY: RoutingMetadata = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };

/**
 * Issue 13 item 3, over HTTP on the real databases: one proof of work no longer buys unlimited
 * posting. Each reporter message needs its own proof; a case caps the reporter's messages (count
 * and bytes) and its files (count and bytes), on the JSON API and the no-JavaScript form alike;
 * the case document does not grow per message or file; and a thread longer than a page shows
 * its newest message first, with the older ones a page away.
 */
describe('per-case quotas and thread paging', () => {
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  let db: mongoose.Connection;

  beforeAll(async () => {
    deployment = await createTestDeployment();
    const uri = mongoUriFor(uniqueName('quotas'));
    server = await startServer({
      MONGODB_URI: uri,
      REDIS_URL,
      QUEUE_PREFIX: uniqueName('q'),
      POW_DIFFICULTY: '2',
      MAX_CASE_MESSAGES: '5',
      MAX_CASE_MESSAGE_BYTES: '40000',
      MAX_CASE_FILES: '2',
      MAX_FILE_BYTES: String(4 * 1024 * 1024),
      MAX_CASE_BYTES: String(3 * 1024 * 1024),
      ...deployment.env,
    });
    db = await mongoose.createConnection(uri).asPromise();
  });
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output());
    await server?.stop();
    await db?.close();
  });

  async function newCase(options: { fast?: boolean } = { fast: true }) {
    const report = buildReport(deployment, BRIBERY, 'a report', { ...options, attachments: 2 });
    expect((await submit(server.url, report)).status).toBe(201);
    const kase = await db.collection('cases').findOne({ caseToken: report.secrets.caseToken });
    return { ...report, caseId: String(kase!._id) };
  }
  const caseDoc = (caseId: string) => db.collection('cases').findOne({ _id: caseId as never });
  const docBytes = async (caseId: string) => mongoose.mongo.BSON.calculateObjectSize((await caseDoc(caseId))!);

  it('the same message request replayed 300 times is refused after the first, and stores nothing more', async () => {
    const { secrets, caseId } = await newCase();
    const messageId = newContentId();
    const body = JSON.stringify({ messageId, sealed: sealMessage(secrets.dek, secrets.caseToken, messageId, 'reporter', 'once'), pow: await proofOfWork(server.url, 'message') });
    const send = (b: string) =>
      fetch(`${server.url}/api/reports/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: caseAuthHeader(secrets) }, body: b }).then(async (r) => ({
        status: r.status,
        code: (await r.json()).error?.code,
      }));
    expect((await send(body)).status).toBe(201);
    const replies = [];
    for (let i = 0; i < 300; i++) replies.push(await send(body));
    expect(replies.filter((r) => r.status === 403 && r.code === 'pow_unknown')).toHaveLength(300);
    // The same proof under new message ids (the flood that stored 300 messages before) is refused too.
    const reused = JSON.parse(body).pow;
    for (let i = 0; i < 20; i++) {
      const id = newContentId();
      expect((await send(JSON.stringify({ messageId: id, sealed: sealMessage(secrets.dek, secrets.caseToken, id, 'reporter', `flood ${i}`), pow: reused }))).code).toBe('pow_unknown');
    }
    // A message without a proof is refused by shape.
    const bare = newContentId();
    expect(await send(JSON.stringify({ messageId: bare, sealed: sealMessage(secrets.dek, secrets.caseToken, bare, 'reporter', 'no proof') }))).toEqual({ status: 400, code: 'invalid_input' });
    expect(await db.collection('messages').countDocuments({ caseId })).toBe(1);
  }, 120_000);

  it('caps the reporter\'s messages per case by count and by bytes; a refusal stores nothing; the case does not grow', async () => {
    const { secrets, caseId } = await newCase();
    const emptySize = await docBytes(caseId);
    for (let i = 0; i < 5; i++) expect((await sendMessage(server.url, secrets, `message ${i}`)).status).toBe(201);
    const sixth = await sendMessage(server.url, secrets, 'one too many');
    expect([sixth.status, sixth.body.error.code]).toEqual([413, 'message_limit_reached']);
    expect(await db.collection('messages').countDocuments({ caseId })).toBe(5);
    // Five messages later the case document is exactly as large: counters changed, nothing was added.
    expect(await docBytes(caseId)).toBe(emptySize);
    expect((await caseDoc(caseId))!.timeline).toHaveLength(1);

    const other = await newCase();
    expect((await sendMessage(server.url, other.secrets, 'x'.repeat(20_000))).status).toBe(201);
    const big = await sendMessage(server.url, other.secrets, 'y'.repeat(20_000));
    expect([big.status, big.body.error.code]).toEqual([413, 'message_bytes_limit_reached']);
    expect(await db.collection('messages').countDocuments({ caseId: other.caseId })).toBe(1);
  }, 120_000);

  it('caps files per case by count and by bytes, with a clear code, storing nothing for a refused upload', async () => {
    const { secrets, caseId } = await newCase();
    const emptySize = await docBytes(caseId);
    for (let i = 0; i < 2; i++) expect((await uploadAttachment(server.url, secrets, new Uint8Array(1000).fill(i))).status).toBe(200);
    const counts = async () => ({
      uploads: await db.collection('uploads').countDocuments({ caseId }),
      files: await db.collection('casefiles').countDocuments({ caseId }),
      chunks: await db.collection('attachments.chunks').countDocuments(),
      reserved: (await caseDoc(caseId))!.uploadFiles,
    });
    const before = await counts();
    expect(before).toEqual({ uploads: 0, files: 2, chunks: expect.any(Number), reserved: 2 });
    const third = await uploadAttachment(server.url, secrets, new Uint8Array(1000).fill(3));
    expect([third.status, third.body.error.code]).toEqual([413, 'case_file_limit']);
    expect(await counts()).toEqual(before);
    // The files are listed in their own collection: the case document did not grow.
    expect(await docBytes(caseId)).toBe(emptySize);
    expect((await readStatus(server.url, secrets)).body.attachments).toHaveLength(2);

    const other = await newCase();
    expect((await uploadAttachment(server.url, other.secrets, new Uint8Array(1_000_000))).status).toBe(200);
    const bytesBefore = (await caseDoc(other.caseId))!.uploadBytes;
    const tooMuch = await uploadAttachment(server.url, other.secrets, new Uint8Array(2_500_000)); // 3 MiB per case
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([413, 'case_too_large']);
    expect(await db.collection('uploads').countDocuments({ caseId: other.caseId })).toBe(0);
    expect((await caseDoc(other.caseId))!.uploadBytes).toBe(bytesBefore);
  }, 120_000);

  it('a thread longer than a page shows its newest message, and the older ones a page at a time', async () => {
    const { secrets, caseId } = await newCase();
    // 520 replies from the unit (not capped), written as replyPoster stores them: more than the old reader's 500.
    const total = 520;
    const docs = Array.from({ length: total }, (_, i) => {
      const messageId = newContentId();
      return { _id: randomBytes(16).toString('base64url'), caseId, seq: i + 1, messageId, from: 'investigator', sealed: sealMessage(secrets.dek, secrets.caseToken, messageId, 'investigator', `reply ${i + 1}`), at: new Date(0) };
    });
    await db.collection('messages').insertMany(docs as never[]);
    await db.collection('cases').updateOne({ _id: caseId as never }, { $set: { messageCount: total } });
    const newest = await sendMessage(server.url, secrets, 'the newest message');
    expect(newest.status).toBe(201);

    const status = await readStatus(server.url, secrets);
    const page = status.body.messages as { messageId: string; seq: number; from: 'reporter' | 'investigator'; sealed: never }[];
    expect(page).toHaveLength(100);
    const last = page[page.length - 1];
    expect(last.seq).toBe(total + 1);
    expect(fromUtf8(openMessage(secrets.dek, secrets.caseToken, last.messageId, 'reporter', last.sealed))).toBe('the newest message');
    expect(status.body.olderBefore).toBe(page[0].seq);

    // Walking back page by page reaches the first message, each seq exactly once.
    const seen = page.map((m) => m.seq);
    let before: number | null = status.body.olderBefore;
    while (before !== null) {
      const res = await fetch(`${server.url}/api/reports/messages?before=${before}`, { headers: { authorization: caseAuthHeader(secrets) } });
      expect(res.status).toBe(200);
      const older = await res.json();
      seen.unshift(...older.messages.map((m: { seq: number }) => m.seq));
      before = older.olderBefore;
    }
    expect(seen).toEqual(Array.from({ length: total + 1 }, (_, i) => i + 1));
    // Another case's auth cannot page this thread: the uniform 404.
    const stranger = buildReport(deployment, BRIBERY, 'z', { fast: true });
    expect((await fetch(`${server.url}/api/reports/messages?before=50`, { headers: { authorization: caseAuthHeader(stranger.secrets) } })).status).toBe(404);
  }, 120_000);

  it('the no-JavaScript form (no proof of work there) is held to the same per-case message cap', async () => {
    const report = await newCase({});
    // Four messages already; the form may add one, then the cap stops it.
    for (let i = 0; i < 4; i++) expect((await sendMessage(server.url, report.secrets, `m${i}`)).status).toBe(201);
    const code = report.code!;
    // The page shows the cap before it is reached.
    const page = await postForm(server.url, '/nojs/status?lang=en', { code });
    expect(page.html).toMatch(/data-testid="message-caps">Messages this case takes from you: at most 5; sent so far: 4/);
    const fifth = await postForm(server.url, '/nojs/message?lang=en', { code, message: 'the fifth, through the form' });
    expect(fifth.status).toBe(200);
    const sixth = await postForm(server.url, '/nojs/message?lang=en', { code, message: 'the sixth, through the form' });
    expect(sixth.status).toBe(413);
    expect(sixth.html).toContain('limit of messages');
    expect(await db.collection('messages').countDocuments({ caseId: report.caseId })).toBe(5);
  }, 180_000);
});
