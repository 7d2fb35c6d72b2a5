import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { buildReport, caseAuthHeader, proofOfWork, submit, unsolvedProofOfWork } from '../../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { encryptedAttachmentSize, generateBoxKeyPair, keyIdOf, toB64u, wrapDekForUnit } from '../../../core/crypto';
import type { RoutingMetadata } from '../../../core/routing';

const ROUTING: RoutingMetadata = { category: 'procurement', region: 'KZ-71', seniority: 'S3', amount: 'A1', flags: [] };

/** Every kind of bad input gets a clear 4xx JSON error, and nothing is stored or left behind. */
describe('intake refuses bad input and changes nothing', () => {
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  let db: mongoose.Connection;
  let redis: Redis;
  const prefix = uniqueName('bad');

  beforeAll(async () => {
    deployment = await createTestDeployment();
    const uri = mongoUriFor(uniqueName('badinput'));
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: prefix, POW_DIFFICULTY: '4', JSON_BODY_LIMIT: '300000', MAX_FILE_BYTES: String(3 * 1024 * 1024), MAX_CASE_BYTES: String(3 * 1024 * 1024), ...deployment.env });
    db = await mongoose.createConnection(uri).asPromise();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    await redis?.quit();
  });

  async function counts() {
    const names = ['cases', 'messages', 'uploads', 'attachments.chunks', 'attachments.files'];
    const out: Record<string, number> = {};
    for (const n of names) out[n] = await db.collection(n).countDocuments({}).catch(() => 0);
    out.jobs = (await redis.keys(`${prefix}:route:*`)).length;
    return out;
  }

  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  async function expectRefused(mutate: (s: Record<string, any>) => unknown, status: number, code: string | RegExp) {
    const report = buildReport(deployment, ROUTING, 'bad input probe', { fast: true });
    const submission: Record<string, any> = { ...structuredClone(report.submission), pow: await proofOfWork(server.url, 'submit') };
    await mutate(submission);
    const before = await counts();
    const res = await post('/api/reports', submission);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toMatch(code);
    expect(typeof res.body.error.message).toBe('string');
    expect(await counts()).toEqual(before);
  }

  it('malformed envelope shapes', async () => {
    await expectRefused((s) => delete s.body.nonce, 400, 'invalid_envelope');
    await expectRefused((s) => (s.body.ct = s.body.ct.slice(0, -40)), 400, 'invalid_envelope'); // not a padding bucket
    await expectRefused((s) => (s.body.alg = 'aes-ecb'), 400, 'invalid_envelope');
    await expectRefused((s) => (s.caseToken = 'short'), 400, 'invalid_envelope');
    await expectRefused((s) => (s.extra = true), 400, 'invalid_envelope');
  });

  it('wrong versions', async () => {
    await expectRefused((s) => (s.v = 2), 400, 'invalid_envelope');
    await expectRefused((s) => (s.body.v = 9), 400, 'invalid_envelope');
    await expectRefused((s) => (s.policyVersion = 999), 400, 'unknown_policy_version');
  });

  it('routing choices not in the policy', async () => {
    await expectRefused((s) => (s.routing.category = 'made_up'), 400, 'invalid_routing');
    await expectRefused((s) => (s.routing.flags = ['criminal_signs', 'criminal_signs']), 400, 'invalid_envelope');
  });

  it('an oversized envelope', async () => {
    const res = await post('/api/reports', { v: 1, pad: 'x'.repeat(400_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
  });

  it('wraps for keys that are not in the signed policy', async () => {
    const attacker = generateBoxKeyPair();
    await expectRefused((s) => (s.wraps[0].generation = 7), 400, 'unknown_unit_key');
    await expectRefused((s) => (s.wraps[0].unitId = 'aca@KZ-99'), 400, 'unknown_unit_key');
    // A wrap sealed to the attacker's key but claiming to be for a real unit.
    await expectRefused((s) => (s.wraps[0].wrap = wrapDekForUnit(new Uint8Array(32) as never, attacker.publicKey)), 400, 'wrap_key_mismatch');
    await expectRefused((s) => (s.wraps[0].wrap.recipientKeyId = keyIdOf(toB64u(attacker.publicKey))), 400, 'wrap_key_mismatch');
  });

  it('missing, forged and replayed proofs of work', async () => {
    await expectRefused((s) => delete s.pow, 400, 'invalid_envelope');
    await expectRefused((s) => (s.pow.challengeId = 'A'.repeat(22)), 403, 'pow_unknown');
    await expectRefused(async (s) => (s.pow = await unsolvedProofOfWork(server.url, 'submit')), 403, 'pow_invalid');
    const pow = await proofOfWork(server.url, 'status');
    await expectRefused((s) => (s.pow = pow), 403, 'pow_wrong_purpose');
  });

  it('MongoDB operator objects in any field', async () => {
    await expectRefused((s) => (s.caseToken = { $ne: '' }), 400, 'operator_in_input');
    await expectRefused((s) => (s.routing = { $where: 'sleep(1000)' }), 400, 'operator_in_input');
    await expectRefused((s) => (s.wraps[0]['a.b'] = 1), 400, 'operator_in_input');
    const status = await post('/api/reports/status', { caseToken: { $gt: '' }, authSecret: { $gt: '' }, pow: { challengeId: 'x', nonce: 'y' } });
    expect(status.status).toBe(400);
    expect(status.body.error.code).toBe('operator_in_input');
  });

  it('malformed JSON', async () => {
    const res = await post('/api/reports', '{"v":1,');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('chunks out of order, wrong sizes, uploads over the limits, and a case code that is not one', async () => {
    const report = buildReport(deployment, ROUTING, 'files', { fast: true });
    expect((await submit(server.url, report)).status).toBe(201);
    const auth = { authorization: caseAuthHeader(report.secrets) };
    const meta = { v: 1, alg: 'xchacha20poly1305-ietf', nonce: 'A'.repeat(32), ct: 'A'.repeat(Math.ceil((4096 + 16) * 4 / 3)) };
    const size = encryptedAttachmentSize(1_100_000); // a valid encrypted-attachment size (two 1 MiB chunks)
    expect(Math.ceil(size / (1024 * 1024))).toBe(2);
    const start = await post('/api/reports/uploads', { size: 4 + 4 * 65553, chunkCount: 1, contentId: 'A'.repeat(22), meta }, auth);
    // (4 + 4 chunks) is not an encrypted-attachment size: refused with a reason.
    expect(start.status).toBe(400);
    expect(start.body.error.code).toBe('bad_attachment_size');

    const ok = await post('/api/reports/uploads', { size, chunkCount: 2, contentId: 'A'.repeat(22), meta }, auth);
    expect(ok.status).toBe(201);
    const before = await counts();
    const put = (index: number, bytes: number) =>
      fetch(`${server.url}/api/reports/uploads/${ok.body.uploadId}/chunks/${index}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', ...auth }, body: Buffer.alloc(bytes) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const outOfOrder = await put(1, size - 1024 * 1024);
    expect(outOfOrder.status).toBe(409);
    expect(outOfOrder.body.error.code).toBe('chunk_out_of_order');
    const wrongSize = await put(0, 1000);
    expect(wrongSize.status).toBe(400);
    expect(wrongSize.body.error.code).toBe('bad_chunk_size');
    const tooBig = await put(0, 1024 * 1024 + 1);
    expect(tooBig.status).toBe(413);
    expect(await counts()).toEqual(before);

    const bigSize = encryptedAttachmentSize(3_500_000);
    const overFile = await post('/api/reports/uploads', { size: bigSize, chunkCount: Math.ceil(bigSize / (1024 * 1024)), contentId: 'B'.repeat(22), meta }, auth);
    expect(overFile.status).toBe(413);
    expect(overFile.body.error.code).toBe('file_too_large');
    // The case budget (3 MiB) already holds one file; a second fits, a third does not.
    expect((await post('/api/reports/uploads', { size, chunkCount: 2, contentId: 'C'.repeat(22), meta }, auth)).status).toBe(201);
    const overCase = await post('/api/reports/uploads', { size, chunkCount: 2, contentId: 'D'.repeat(22), meta }, auth);
    expect(overCase.status).toBe(413);
    expect(overCase.body.error.code).toBe('case_too_large');

    const noCase = await post('/api/reports/uploads', { size, chunkCount: 2, contentId: 'E'.repeat(22), meta }, { authorization: `Case ${'A'.repeat(43)}.${'B'.repeat(43)}` });
    expect(noCase.status).toBe(404);
    expect(noCase.body.error.code).toBe('case_not_found');
  });
});
