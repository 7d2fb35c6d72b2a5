import mongoose from 'mongoose';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { proofOfWork, sendMessage } from '../../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { toB64u, type CaseSecrets } from '../../../core/crypto';
import { buildSubmission, PAD_MAX_CHARS, SMALL_ANSWER_BYTES, STATUS_FIRST_BUCKET, type ReportDraft } from '../../../core/submission';
import type { RoutingMetadata } from '../../../core/routing';

const BRIBERY: RoutingMetadata = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };
const DETAILS = { when: '', where: '', who: '', evidence: '' };

/**
 * Sizes over real HTTP (docs/crypto.md "Sizes"): what the browser posts and what the status
 * answer returns have the documented lengths, and the intake keeps nothing of the padding.
 */
describe('padding on the wire', () => {
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  let db: mongoose.Connection;

  beforeAll(async () => {
    deployment = await createTestDeployment();
    const uri = mongoUriFor(uniqueName('padding'));
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '4', ...deployment.env });
    db = await mongoose.createConnection(uri).asPromise();
  });
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output());
    await server?.stop();
    await db?.close();
  });

  /** Posts exactly what the portal posts; returns the status, the answer and the bytes sent. */
  async function post(submission: Record<string, unknown>) {
    const body = JSON.stringify({ ...submission, pow: await proofOfWork(server.url, 'submit') });
    const res = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: res.status, body: await res.json(), sent: Buffer.byteLength(body) };
  }

  async function statusBytes(secrets: CaseSecrets) {
    const pow = await proofOfWork(server.url, 'status');
    const res = await fetch(`${server.url}/api/reports/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ caseToken: secrets.caseToken, authSecret: toB64u(secrets.authSecret), pow }),
    });
    const text = await res.text();
    return { status: res.status, length: Buffer.byteLength(text), header: Number(res.headers.get('content-length')), view: JSON.parse(text) };
  }

  async function dump(): Promise<string> {
    const parts: string[] = [];
    for (const c of await db.db!.listCollections().toArray()) parts.push(JSON.stringify(await db.collection(c.name).find({}).toArray()));
    return parts.join('\n');
  }

  it('posts the same bytes with and without confidential mode, and stores no pad', async () => {
    const draft: ReportDraft = { routing: BRIBERY, description: 'The head of the licensing office asked for money.', details: DETAILS, lang: 'en', attachments: 0 };
    const plain = buildSubmission(deployment.policy, draft);
    const confidential = buildSubmission(deployment.policy, { ...draft, identity: { name: 'A. N.', contact: 'a@example.org', note: '' } });
    const a = await post(plain.submission);
    const b = await post(confidential.submission);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.sent).toBe(b.sent);

    const cases = await db.collection('cases').find({ caseToken: { $in: [plain.secrets.caseToken, confidential.secrets.caseToken] } }).toArray();
    expect(cases.map((c) => [c.caseToken === confidential.secrets.caseToken, c.confidential, c.identity?.sealed !== undefined]).sort()).toEqual([
      [false, false, false],
      [true, true, true],
    ]);
    const everything = await dump();
    expect(everything).not.toContain('"pad"');
    for (const pad of [plain.submission.pad, confidential.submission.pad] as string[]) expect(everything).not.toContain(pad.slice(0, 64));
  });

  it('answers the status of a thread of 0, 1, 4 and 10 messages, and every message post, with the same length', async () => {
    const report = buildSubmission(deployment.policy, { routing: BRIBERY, description: 'x', details: DETAILS, lang: 'en', attachments: 0 });
    expect((await post(report.submission)).status).toBe(201);
    const lengths: number[] = [];
    const messageAnswers: number[] = [];
    for (const more of [0, 1, 3, 6]) {
      for (let i = 0; i < more; i++) {
        const sent = await sendMessage(server.url, report.secrets, `message ${i}`);
        expect(sent.status).toBe(201);
        messageAnswers.push(Buffer.byteLength(JSON.stringify(sent.body)));
      }
      const answer = await statusBytes(report.secrets);
      expect(answer.status).toBe(200);
      expect(answer.header).toBe(answer.length);
      lengths.push(answer.length);
    }
    expect(lengths).toEqual([STATUS_FIRST_BUCKET, STATUS_FIRST_BUCKET, STATUS_FIRST_BUCKET, STATUS_FIRST_BUCKET]);
    expect((await statusBytes(report.secrets)).view.messages).toHaveLength(10);
    // The answers to messages 1 to 10 ({ seq }) are all one size, whatever the digits.
    expect(new Set(messageAnswers)).toEqual(new Set([SMALL_ANSWER_BYTES]));
  });

  it('refuses a pad that is too long or not base64url, and stores nothing', async () => {
    const report = buildSubmission(deployment.policy, { routing: BRIBERY, description: 'y', details: DETAILS, lang: 'en', attachments: 0 });
    for (const pad of ['A'.repeat(PAD_MAX_CHARS + 1), 'not base64url!']) {
      const answer = await post({ ...report.submission, pad });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_envelope');
      expect(answer.body.error.message).toContain('pad');
    }
    expect(await db.collection('cases').countDocuments({ caseToken: report.secrets.caseToken })).toBe(0);
  });
});
