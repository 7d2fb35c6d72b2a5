import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { formatCaseCode, generateCaseCode } from '../../../core/crypto';
import { DerivationGate } from '../../../server/noJs/derivationGate';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { codeOnPage, counts, postForm, reportFields } from './noJsHttp';

/** Waits while `now` is within `marginSeconds` of the end of its window, so a test's requests share one window. */
async function awayFromWindowEnd(windowSeconds: number, marginSeconds: number) {
  const left = windowSeconds - ((Date.now() / 1000) % windowSeconds);
  if (left < marginSeconds) await new Promise((r) => setTimeout(r, (left + 1) * 1000));
}

describe('no-JavaScript form: abuse control without addresses', () => {
  let deployment: TestDeployment;
  const servers: (Spawned & { url: string })[] = [];
  const dbs: mongoose.Connection[] = [];
  const start = async (env: Record<string, string>) => {
    const uri = mongoUriFor(uniqueName('nojsbudget'));
    const prefix = uniqueName('q');
    const server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: prefix, ...deployment.env, ...env });
    const db = await mongoose.createConnection(uri).asPromise();
    servers.push(server);
    dbs.push(db);
    return { server, db, prefix };
  };

  beforeAll(async () => {
    deployment = await createTestDeployment();
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    for (const db of dbs) await db.dropDatabase().catch(() => undefined).then(() => db.close());
  });

  it('a spent global budget gives the "busy" page (503 + Retry-After) and stores nothing; the counters date nothing finer than the rounding', async () => {
    const { server, db, prefix } = await start({ NOJS_SUBMISSIONS_PER_WINDOW: '2', NOJS_CASE_ACTIONS_PER_WINDOW: '2' });
    const windowSeconds = deployment.policy.timeRoundingMinutes * 60;
    await awayFromWindowEnd(windowSeconds, 90);
    const first = await postForm(server.url, '/nojs/report?lang=en', reportFields('one'));
    await postForm(server.url, '/nojs/report?lang=en', reportFields('two'));
    const before = await counts(db);
    const third = await postForm(server.url, '/nojs/report?lang=ru', reportFields('three'));
    expect(third.status).toBe(503);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(third.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect(third.html).toContain('data-testid="busy"');
    expect(third.html).toContain('Ничего не отправлено и не сохранено');
    expect(await counts(db)).toEqual(before);
    expect(before.cases).toBe(2);

    const code = codeOnPage(first.html);
    expect((await postForm(server.url, '/nojs/status?lang=en', { code })).status).toBe(200);
    expect((await postForm(server.url, '/nojs/status?lang=en', { code })).status).toBe(200);
    const spent = await postForm(server.url, '/nojs/message?lang=en', { code, message: 'not sent' });
    expect(spent.status).toBe(503);
    expect(Number(spent.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect(spent.html).toMatch(/Try again in about \d+ minute\(s\)\./);
    expect(await counts(db)).toEqual(before);

    // The counters: one key per kind named by the window's start, expiring at a fixed time after
    // its end (not a TTL renewed per request, which would date the last one).
    const redis = new Redis(REDIS_URL);
    const keys = (await redis.keys(`${prefix}:nojs:*`)).sort();
    const windowStart = Math.floor(Date.now() / (windowSeconds * 1000)) * windowSeconds * 1000;
    expect(keys).toEqual([`${prefix}:nojs:budget:case:${windowStart}`, `${prefix}:nojs:budget:submit:${windowStart}`]);
    for (const key of keys) expect(Number(await redis.call('EXPIRETIME', key))).toBe(windowStart / 1000 + windowSeconds + 60);
    redis.disconnect();
  });

  it('bounds the derivations running at once: a burst beyond the bound gets "busy" at once', async () => {
    const { server } = await start({ NOJS_DERIVATIONS_MAX: '1' });
    const answers = await Promise.all(Array.from({ length: 8 }, () => postForm(server.url, '/nojs/status?lang=en', { code: formatCaseCode(generateCaseCode()) })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 404 || s === 503)).toBe(true);
    expect(statuses).toContain(404);
    expect(statuses).toContain(503);
    expect(answers.find((a) => a.status === 503)!.headers.get('retry-after')).toBe('10');
  });

  it('DerivationGate: never more than its slots, a full gate refuses at once, a failed run frees its slot', async () => {
    const gate = new DerivationGate(2);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const a = gate.tryRun(() => held);
    const b = gate.tryRun(() => held);
    expect(gate.busy).toBe(2);
    expect(await gate.tryRun(async () => 'x')).toBeUndefined();
    release();
    await Promise.all([a, b]);
    expect(gate.busy).toBe(0);
    await expect(gate.tryRun(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(gate.busy).toBe(0);
    expect(await gate.tryRun(async () => 'y')).toEqual({ value: 'y' });
  });
});
