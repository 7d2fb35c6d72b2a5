import { hkdfSync, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { powChallenge, proofOfWork } from '../../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { cryptoReady, solvePow, toB64u } from '../../../core/crypto';
import { issuePowChallenge } from '../../../server/commands/proofOfWork';

/**
 * Issue 13 item 2, on the real Redis over HTTP: a challenge is a signed token, so handing them
 * out stores nothing; only a redeemed proof leaves a spent marker; a bad token is refused with a
 * stable code and changes nothing; and the difficulty rises with the rate of accepted proofs.
 */
describe('stateless proof-of-work challenges and adaptive difficulty', () => {
  const prefix = uniqueName('powq');
  const secret = randomBytes(32).toString('base64url');
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  let redis: Redis;

  beforeAll(async () => {
    await cryptoReady();
    deployment = await createTestDeployment();
    server = await startServer({
      MONGODB_URI: mongoUriFor(uniqueName('pow')),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SERVER_SECRET: secret,
      POW_DIFFICULTY: '2',
      POW_DIFFICULTY_MAX: '6',
      POW_LOAD_PER_MINUTE: '5',
      ...deployment.env,
    });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output());
    await server?.stop();
    redis?.disconnect();
  });

  async function keysUnderPrefix(): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys.sort();
  }

  const statusWith = (pow: unknown) =>
    fetch(`${server.url}/api/reports/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ caseToken: toB64u(randomBytes(32)), authSecret: toB64u(randomBytes(32)), pow }),
    }).then(async (res) => ({ status: res.status, body: await res.json() }));

  it('3,000 challenge requests grow Redis by fewer than 100 keys (the old code stored each one)', async () => {
    const before = await keysUnderPrefix();
    let issued = 0;
    const ask = async () => {
      while (issued < 3000) {
        issued += 1;
        const res = await fetch(`${server.url}/api/pow/challenges`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"purpose":"submit"}' });
        expect(res.status).toBe(201);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 16 }, ask));
    const after = await keysUnderPrefix();
    expect(issued).toBeGreaterThanOrEqual(3000);
    expect(after.length - before.length).toBeLessThan(100);
    expect(after.filter((k) => k.includes(':pow:'))).toEqual(before.filter((k) => k.includes(':pow:')));
  }, 180_000);

  it('a good proof is accepted once; a replayed, forged, expired or other-purpose token is refused and changes nothing', async () => {
    const good = await proofOfWork(server.url, 'status');
    const first = await statusWith(good);
    expect(first.status).toBe(404); // the proof was accepted; the case simply does not exist
    const snapshot = await keysUnderPrefix();
    expect(snapshot.filter((k) => k.includes(':pow:spent:'))).toHaveLength(1);

    const refusals: [string, unknown, number, string][] = [];
    refusals.push(['replayed', good, 403, 'pow_unknown']);
    // Forged: the difficulty byte lowered to 0, the MAC left as it was.
    const token = Buffer.from(good.challengeId, 'base64url');
    token[2] = 0;
    refusals.push(['forged difficulty', { ...good, challengeId: token.toString('base64url') }, 403, 'pow_unknown']);
    refusals.push(['made up', { challengeId: toB64u(randomBytes(55)), nonce: good.nonce }, 403, 'pow_unknown']);
    refusals.push(['old 16-byte id', { challengeId: 'A'.repeat(22), nonce: good.nonce }, 403, 'pow_unknown']);
    // Expired: a genuine token (the server's own key) issued a minute ago with a 10 s lifetime.
    const key = new Uint8Array(hkdfSync('sha256', Buffer.from(secret, 'base64url'), Buffer.alloc(0), 'cc-pow-token', 32));
    const stale = issuePowChallenge({ key, prefix, ttlSeconds: 10 }, 'status', 2, Date.now() - 60_000);
    const staleNonce = (await solvePow({ challenge: stale.challenge, difficulty: stale.difficulty })).nonce;
    refusals.push(['expired', { challengeId: stale.challengeId, nonce: staleNonce }, 403, 'pow_unknown']);
    refusals.push(['other purpose', await proofOfWork(server.url, 'message'), 403, 'pow_wrong_purpose']);
    for (const [what, pow, status, code] of refusals) {
      const answer = await statusWith(pow);
      expect([what, answer.status, answer.body.error?.code]).toEqual([what, status, code]);
    }
    expect(await keysUnderPrefix()).toEqual(snapshot);
  }, 120_000);

  it('the difficulty rises with the rate of accepted proofs, up to its maximum', async () => {
    // Counters are per minute: start well inside one, so the test does not straddle two.
    while (Date.now() % 60_000 > 40_000) await new Promise((r) => setTimeout(r, 1000));
    // The server reuses the rate it read for up to a second (powDifficulty.ts): read after that.
    const difficultyNow = async () => {
      await new Promise((r) => setTimeout(r, 1100));
      return (await powChallenge(server.url, 'status')).difficulty;
    };
    const baseline = await difficultyNow();
    // Earlier tests of this file redeemed a handful of proofs: the rate may already add a bit or two.
    expect(baseline).toBeLessThanOrEqual(4);
    for (let i = 0; i < 30; i++) expect((await statusWith(await proofOfWork(server.url, 'status'))).status).toBe(404);
    const raised = await difficultyNow();
    expect(raised).toBeGreaterThan(baseline);
    expect(raised).toBeGreaterThanOrEqual(5); // 30+ a minute over 5: log2(6) → at least 3 bits over the floor of 2
    for (let i = 0; i < 40; i++) await statusWith(await proofOfWork(server.url, 'status'));
    expect(await difficultyNow()).toBe(6); // POW_DIFFICULTY_MAX
    // The server holds issued challenges to their own difficulty: a fresh proof at the raised level is accepted.
    expect((await statusWith(await proofOfWork(server.url, 'status'))).status).toBe(404);
  }, 180_000);
});
