import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, watchPage } from '../support/browser';
import { clientPinsDemoKey, loadDemoDeployment } from '../support/demoDeployment';
import { startServer, startWorkers, type Spawned } from '../support/processes';
import { pollUntil } from '../support/polling';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { textFile } from './pages/fixtures';
import { reporterChecksStatus, reporterSendsMessage } from './pages/reporterChecksStatus';
import { reporterOpensPortal } from './pages/reporterOpensPortal';
import { reporterConfirmsCode, reporterSubmitsReport } from './pages/reporterSubmitsReport';
import { scanLogs, scanMongo, scanRedis, TimeScanner, type TimeFinding } from './timeScan';
import { appendHeldAudit } from '../../server/audit/heldAudit';
import { createLogger } from '../../server/logger';
import { mailEndedBuckets } from '../../workers/notifications/mailBatch';
import type { WorkerContext } from '../../workers/context';

/**
 * Issue 12 part 1, tested end to end: a reporter submits a report with a file through Chromium,
 * checks its status and sends a message; the workers route it and notify a member. Then every
 * MongoDB document (GridFS too, ObjectId times decoded), every Redis key of the deployment
 * (stream ids and XINFO too) and every log line of the server and the workers is read, and no
 * time inside the test's window may be finer than the policy's `timeRoundingMinutes`.
 *
 * Times that exist but cannot be caused by a reporter are allowed below, each with its reason,
 * and each such place must not name the case.
 */
const ALLOWED: { why: string; matches: (f: TimeFinding, prefix: string) => boolean }[] = [
  {
    why: 'queues that carry no case job (periodic tasks, health): their times are the scheduler\'s',
    matches: (f, p) => new RegExp(`^redis ${p}:(system|deadlines|retention):`).test(f.where),
  },
  {
    why: 'job schedulers of periodic tasks, and BullMQ\'s stalled-jobs timer: set by the workers\' clocks',
    matches: (f, p) => new RegExp(`^redis ${p}:\\w+:(repeat|stalled-check)\\b`).test(f.where),
  },
  {
    why: 'claims of periodic tasks (workers/claims.ts singleTask): dated by the task\'s schedule',
    matches: (f) => /^mongo workerClaims task:/.test(f.where),
  },
  {
    why: 'process lifecycle and periodic-task log lines (start, stop, statistics, inbox rebuilds, audit anchors)',
    matches: (f) => /log line \d+: .*"msg":"(listening|workers started|statistics computed|inbox rows rebuilt|audit anchor signed|shutting down|stopped)"/.test(f.where),
  },
  {
    why: 'signed audit anchors (server/audit/anchors.ts): made on the workers\' daily schedule, they date the anchor, not an event; heads are kept elsewhere, untimed',
    matches: (f) => /^mongo auditAnchors /.test(f.where),
  },
];

describe('nothing kept dates a reporter\'s action more precisely than the rounding', () => {
  const queuePrefix = uniqueName('timeq');
  const dbName = uniqueName('times');
  const tag = randomBytes(4).toString('hex');
  let server: Spawned & { url: string };
  let workers: Spawned;
  let browser: BrowserContext;
  let db: mongoose.Connection;
  let redis: Redis;
  let stepMs: number;
  let started = 0;
  let finished = 0;
  let caseId = '';

  beforeAll(async () => {
    const demo = await loadDemoDeployment();
    if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client"');
    stepMs = demo.policy.timeRoundingMinutes * 60_000;
    const env = { MONGODB_URI: mongoUriFor(dbName), REDIS_URL, QUEUE_PREFIX: queuePrefix, POW_DIFFICULTY: '6', LOG_LEVEL: 'debug', ...demo.env };
    db = await mongoose.createConnection(mongoUriFor(dbName)).asPromise();
    redis = new Redis(REDIS_URL);
    // One member in every unit, so whichever unit the case reaches, a notification is written.
    // Made long before the window (an administrator's action, dated on purpose to 2020).
    const investigatorId = `inv-${tag}`;
    await db.collection('investigators').insertOne({ _id: investigatorId as never, username: `u${tag}`, displayName: 'Test', role: 'investigator', state: 'active', createdAt: new Date('2020-01-01T00:00:00Z'), rev: 0 });
    await db.collection('memberships').insertMany(
      demo.policy.units.map((u, i) => ({ _id: `m${i}-${tag}` as never, unitId: u.id, investigatorId, role: 'member', active: true, grants: [], openCases: 0, pendingCounts: [], rev: 0 })),
    );
    server = await startServer(env);
    workers = await startWorkers(env);
    browser = await launchBrowser();
    // The window opens after the processes started: their start-up lines are not the reporter's.
    await new Promise((r) => setTimeout(r, 2500));
    started = Date.now();
  });
  afterAll(async () => {
    await browser?.close();
    await workers?.stop();
    await server?.stop();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
    redis?.disconnect();
  });

  it('a reporter submits a report with a file, checks its status and sends a message; the case is routed and a member notified', async () => {
    const page = await browser.newPage();
    const seen = watchPage(page);
    await reporterOpensPortal(page, server.url, 'en');
    const code = await reporterSubmitsReport(page, {
      category: 'bribery',
      region: 'KZ-75',
      seniority: 'S2',
      amount: 'A1',
      description: `A bribe was demanded (${tag}).`,
      files: [textFile(`evidence-${tag}.txt`, 'evidence\n'.repeat(40))],
    });
    await reporterConfirmsCode(page, code);
    await reporterChecksStatus(page, code);
    const after = await reporterSendsMessage(page, `More details (${tag}).`);
    expect(after.messages.at(-1)!.text).toBe(`More details (${tag}).`);
    expect(seen.errors).toEqual([]);
    await page.close();
    const routed = await pollUntil(() => db.collection('cases').findOne({ routeState: 'routed' }), Boolean, 60_000);
    caseId = String(routed!._id);
    // new_case and message: one notification each for the member.
    await pollUntil(() => db.collection('notifications').countDocuments(), (n) => n >= 2, 60_000);
    // Let the last jobs finish and the workers tidy up after them.
    await new Promise((r) => setTimeout(r, 3000));
    finished = Date.now();
  });

  // The server's defaults: an upload lives UPLOAD_TTL_SECONDS, a challenge POW_TTL_SECONDS.
  const scanner = () => new TimeScanner({ from: started - 2000, to: finished + 2000, stepMs, offsetsMs: [24 * 3600_000, 300_000] });

  it('the scan finds planted precise times (control: it can fail)', async () => {
    const s = scanner();
    const t = started + 1234;
    s.bson('planted doc', { at: new Date(t), id: mongoose.mongo.ObjectId.createFromTime(Math.floor(t / 1000) + 1), n: t, iso: new Date(t).toISOString(), sec: Math.floor(t / 1000) + 1 });
    await redis.xadd(`${queuePrefix}:zz:events`, `${t}-0`, 'a', '1');
    await scanRedis(s, redis, `${queuePrefix}:zz:*`);
    scanLogs(s, { planted: `{"level":30,"time":${t},"msg":"request"}` });
    await redis.del(`${queuePrefix}:zz:events`);
    expect(new Set(s.findings.map((f) => f.kind))).toEqual(new Set(['date', 'objectid', 'ms', 'iso', 'seconds']));
    expect(s.findings.filter((f) => f.where.startsWith('redis')).length).toBeGreaterThanOrEqual(2); // entry id and XINFO
    expect(s.findings.some((f) => f.where.startsWith('planted log'))).toBe(true);
    // A rounded time is not a finding.
    const r = scanner();
    r.bson('rounded', { at: new Date(Math.floor(finished / stepMs) * stepMs) });
    expect(r.findings).toEqual([]);
  });

  it('no MongoDB document, Redis key or log line holds a time in the window finer than the rounding', async () => {
    const s = scanner();
    const documents = await scanMongo(s, db);
    const { keys, expiring } = await scanRedis(s, redis, `${queuePrefix}*`);
    const lines = scanLogs(s, { server: server.output(), workers: workers.output() });
    // The scan had something to read: the case, its message, GridFS, notifications, queue keys, logs.
    expect(documents).toBeGreaterThan(5);
    expect(await db.collection('attachments.chunks').countDocuments()).toBeGreaterThanOrEqual(1);
    expect(keys.length).toBeGreaterThan(3);
    expect(lines).toBeGreaterThan(3);
    const unexplained = s.findings.filter((f) => !ALLOWED.some((a) => a.matches(f, queuePrefix)));
    const explained = s.findings.filter((f) => ALLOWED.some((a) => a.matches(f, queuePrefix)));
    if (process.env.SHOW_TIMES) console.log(JSON.stringify({ unexplained, explained, keys, expiring }, null, 1));
    expect(unexplained).toEqual([]);
    expect(s.rounded).toBeGreaterThan(0);
    // An allowed place never names the case.
    expect(explained.filter((f) => f.raw.includes(caseId) || f.where.includes(caseId))).toEqual([]);
    // Keys with an expiry are transient (a proof-of-work marker, a lock): short-lived, or expiring on a bucket boundary.
    const kept = expiring.filter((e) => e.ttlMs > 15 * 60_000 && Math.abs(((Date.now() + e.ttlMs) % stepMs) - stepMs / 2) < stepMs / 2 - 5000);
    expect(kept).toEqual([]);
  });

  it('after the bucket ends, the batch (audit entries, mails) adds no finer time either', async () => {
    // What the workers' every-minute flush does once the bucket has ended, run here with that clock.
    await mongoose.connect(mongoUriFor(dbName));
    try {
      const bucketEnd = new Date(Math.ceil(finished / stepMs) * stepMs);
      expect(await appendHeldAudit(bucketEnd)).toBe(1);
      const ctx = { env: {}, logger: createLogger('silent', 'test'), now: () => bucketEnd } as unknown as WorkerContext;
      await mailEndedBuckets(ctx, bucketEnd);
    } finally {
      // Only the default connection: `db` stays open for the scan.
      await mongoose.connection.close();
    }
    expect(await db.collection('auditevents').countDocuments({ action: 'routed' })).toBe(2); // the case's chain and its unit's
    expect(await db.collection('notifications').countDocuments({ mailed: false })).toBe(0);
    const s = scanner();
    await scanMongo(s, db);
    expect(s.findings.filter((f) => !ALLOWED.some((a) => a.matches(f, queuePrefix)))).toEqual([]);
  });
});
