import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { Redis } from 'ioredis';
import { caseSecretsFromMaster, newContentId, sealFileMeta, sealMessage, toB64u, type CaseSecrets } from '../../../core/crypto';
import { createQueueConnection } from '../../../server/infra/redis';
import { caseIdForToken } from '../../../server/infra/ids';
import { Case } from '../../../server/models/Case';
import { Notification } from '../../../server/models/Notification';
import { appendCaseAudit } from '../../../server/audit/appendAudit';
import { verifyScope } from '../../../server/audit/verifyAuditChain';
import { runRetention } from '../../../workers/tasks/retentionTask';
import { buildReport, caseAuthHeader, proofOfWork, readStatus, sendMessage, submit, uploadAttachment } from '../../support/reporterClient';
import type { Spawned } from '../../support/processes';
import { connectTestDb, startApi, testContext, testStack } from './stack';

const DAY = 86_400_000;
const ROUTING = { category: 'ethics', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] as string[] };

/**
 * A purged case leaves no trace that its code was ever used (docs/workers.md "Retention"):
 * after the purge every answer for its code equals the answer for a code never used, nothing
 * stored holds a value derived from its token, and the code can be submitted again.
 */
describe('purge: a purged code answers like a code never used', () => {
  let stack: Awaited<ReturnType<typeof testStack>>;
  let connection: Redis;
  let t: ReturnType<typeof testContext>;
  let server: Spawned & { url: string };
  const db = () => mongoose.connection.db!;

  beforeAll(async () => {
    stack = await testStack('wpurge');
    await connectTestDb(stack.uri);
    connection = createQueueConnection(stack.env.REDIS_URL);
    t = testContext(stack, connection);
    await t.ready();
    server = await startApi(stack.env);
  });
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output());
    await server?.stop();
    await t.ctx.queues.close();
    await connection.quit();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });

  /** Every reporter call a code can make, with fixed inputs: status code and exact answer text. */
  async function answersFor(secrets: CaseSecrets) {
    const auth = { authorization: caseAuthHeader(secrets) };
    const json = { 'content-type': 'application/json' };
    const call = async (path: string, init: RequestInit) => {
      const res = await fetch(`${server.url}${path}`, init);
      return { status: res.status, text: await res.text() };
    };
    const pow = await proofOfWork(server.url, 'status');
    const messageId = newContentId();
    const fileId = newContentId();
    return [
      await call('/api/reports/status', { method: 'POST', headers: json, body: JSON.stringify({ caseToken: secrets.caseToken, authSecret: toB64u(secrets.authSecret), pow }) }),
      await call('/api/reports/messages', { method: 'POST', headers: { ...json, ...auth }, body: JSON.stringify({ messageId, sealed: sealMessage(secrets.dek, secrets.caseToken, messageId, 'reporter', 'hello') }) }),
      await call('/api/reports/uploads', {
        method: 'POST',
        headers: { ...json, ...auth },
        body: JSON.stringify({ size: 65_581, chunkCount: 1, contentId: fileId, meta: sealFileMeta(secrets.dek, secrets.caseToken, fileId, '{}') }),
      }),
      await call(`/api/reports/uploads/${toB64u(randomBytes(16))}/chunks/0`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', ...auth }, body: new Uint8Array(64) }),
      await call(`/api/reports/uploads/${toB64u(randomBytes(16))}`, { method: 'GET', headers: auth }),
      await call(`/api/reports/uploads/${toB64u(randomBytes(16))}/complete`, { method: 'POST', headers: auth }),
    ];
  }

  async function dump(): Promise<string> {
    const parts: string[] = [];
    for (const c of await db().listCollections().toArray()) parts.push(JSON.stringify(await db().collection(c.name).find({}).toArray()));
    return parts.join('\n');
  }

  it('answers every call for a purged code like a fresh code, keeps nothing derived from it, and accepts it again', async () => {
    const report = buildReport(stack.deployment, ROUTING, 'the first report under this code', { fast: true, attachments: 1 });
    const { secrets } = report;
    expect((await submit(server.url, report)).status).toBe(201);
    expect((await sendMessage(server.url, secrets, 'a follow-up')).status).toBe(201);
    const uploaded = await uploadAttachment(server.url, secrets, new Uint8Array(1000).fill(9));
    expect(uploaded.status).toBe(200);
    expect(await db().collection('attachments.chunks').countDocuments({ files_id: uploaded.uploadId })).toBe(1);
    const stored = await Case.findOne({ caseToken: secrets.caseToken }).lean<{ _id: string }>();
    const caseId = stored!._id;
    // The case's id is random: not the token's lookup key, which lives only in its key document.
    expect(caseId).not.toBe(caseIdForToken(secrets.caseToken));
    expect(await db().collection('caseKeys').countDocuments({ _id: caseIdForToken(secrets.caseToken) as never, caseId })).toBe(1);

    // Its life: routed, an investigator notified, closed a day past the retention period.
    const { closedCaseDays } = stack.deployment.policy.retention;
    const now = new Date();
    await appendCaseAudit(caseId, 'ethics@KZ-75', { actor: 'system', action: 'routed', at: new Date(), details: { unitId: 'ethics@KZ-75' } });
    await Notification.create({ _id: newContentId(), investigatorId: 'inv1', kind: 'new_case', caseId, caseRef: 'ABCDEFGH', createdAt: new Date() });
    await Case.updateOne({ _id: caseId }, { $set: { status: 'closed', outcome: 'substantiated', closedAt: new Date(now.getTime() - (closedCaseDays + 1) * DAY), unitId: 'ethics@KZ-75', routeState: 'routed' } });
    const before = await answersFor(secrets);
    expect(before[0].status).toBe(200);

    expect((await runRetention(t.ctx, now)).purged).toBe(1);

    // Every answer equals, byte for byte, the answer for a code never used.
    const fresh = caseSecretsFromMaster(randomBytes(32));
    const after = await answersFor(secrets);
    expect(after).toEqual(await answersFor(fresh));
    expect(after.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404]);

    // Nothing stored holds the token, its lookup key, the verifier or the reporter's key; the audit
    // chain (under the random id) still verifies.
    const everything = await dump();
    for (const trace of [secrets.caseToken, caseIdForToken(secrets.caseToken), report.submission.authVerifier, report.submission.reporterPublicKey]) {
      expect(everything.includes(trace) ? `found ${trace}` : 'absent').toBe('absent');
    }
    expect(await Notification.countDocuments({ caseId })).toBe(0);
    // The completed file's listing and its GridFS ciphertext went too (before issue 13 the chunks of
    // completed uploads stayed, their upload records being gone).
    expect(await db().collection('casefiles').countDocuments({ caseId })).toBe(0);
    expect(await db().collection('attachments.chunks').countDocuments({ files_id: uploaded.uploadId })).toBe(0);
    expect(await db().collection('attachments.files').countDocuments({ _id: uploaded.uploadId as never })).toBe(0);
    expect((await verifyScope(`case:${caseId}`)).broken).toBeUndefined();

    // The same code submitted again is accepted like a new code, as a new case with an empty thread.
    const again = await submit(server.url, buildReport(stack.deployment, ROUTING, 'a new report, same code', { secrets, fast: true }));
    const other = await submit(server.url, buildReport(stack.deployment, ROUTING, 'a report under a new code', { fast: true }));
    expect(again.status).toBe(201);
    expect([again.status, Object.keys(again.body).sort(), again.body.status]).toEqual([other.status, Object.keys(other.body).sort(), other.body.status]);
    const status = await readStatus(server.url, secrets);
    expect(status.status).toBe(200);
    expect(status.body.messages).toEqual([]);
    const renewed = await Case.findOne({ caseToken: secrets.caseToken }).lean<{ _id: string }>();
    expect(renewed!._id).not.toBe(caseId);
  });

  it('keeps a live code to its case (409 for different content) and completes a key a crash left without its case', async () => {
    const live = buildReport(stack.deployment, ROUTING, 'a live case', { fast: true });
    expect((await submit(server.url, live)).status).toBe(201);
    const different = await submit(server.url, buildReport(stack.deployment, ROUTING, 'other content, same code', { secrets: live.secrets, fast: true }));
    expect([different.status, different.body.error.code]).toEqual([409, 'case_exists']);
    expect(await Case.countDocuments({ caseToken: live.secrets.caseToken })).toBe(1);

    // The intake writes the key, then the case: a crash in between leaves the key alone.
    const crashed = buildReport(stack.deployment, ROUTING, 'the intake crashed after the key', { fast: true });
    const orphanId = newContentId();
    await db().collection('caseKeys').insertOne({ _id: caseIdForToken(crashed.secrets.caseToken) as never, caseId: orphanId });
    expect((await readStatus(server.url, crashed.secrets)).status).toBe(404);
    expect((await submit(server.url, crashed)).status).toBe(201);
    expect((await Case.findOne({ caseToken: crashed.secrets.caseToken }).lean<{ _id: string }>())!._id).toBe(orphanId);
    expect((await readStatus(server.url, crashed.secrets)).status).toBe(200);
  });
});
