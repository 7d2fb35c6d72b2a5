import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, watchPage } from '../support/browser';
import { clientPinsDemoKey, loadDemoDeployment } from '../support/demoDeployment';
import { startServer, startWorkers, type Spawned } from '../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { textFile } from './pages/fixtures';
import { reporterChecksStatus, reporterSendsFiles, reporterSendsMessage } from './pages/reporterChecksStatus';
import { reporterOpensPortal } from './pages/reporterOpensPortal';
import { reporterConfirmsCode, reporterSubmitsReport } from './pages/reporterSubmitsReport';
import { tracesInLogs, tracesInMongo, tracesInRedis } from './traceSearch';

/**
 * The design's central promise, tested end to end: a report sent through a real browser leaves
 * nothing identifying in MongoDB, Redis or any log line of the server and the workers.
 */
describe('no trace of a report in any store or log', () => {
  const tag = randomBytes(6).toString('hex');
  const canary = {
    report: `CANARY-REPORT-${tag}`,
    file: `CANARY-FILE-CONTENT-${tag}`,
    fileName: `canary-evidence-${tag}.txt`,
    followUp: `CANARY-FOLLOWUP-${tag}`,
    followUpFileName: `canary-second-${tag}.txt`,
    userAgent: `CanaryBrowser/${tag} (X11; Linux x86_64)`,
    address: `203.0.113.${randomBytes(1)[0] % 250 + 1}`,
    identity: `CANARY-NAME-${tag}`,
  };
  const queuePrefix = uniqueName('canaryq');
  const dbName = uniqueName('canary');
  let server: Spawned & { url: string };
  let workers: Spawned;
  let browser: BrowserContext;
  let db: mongoose.Connection;
  let redis: Redis;
  let code: string;

  beforeAll(async () => {
    const demo = await loadDemoDeployment();
    if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client"');
    // debug logging: the most talkative the processes get, so the search covers the most text.
    const env = { MONGODB_URI: mongoUriFor(dbName), REDIS_URL, QUEUE_PREFIX: queuePrefix, POW_DIFFICULTY: '6', LOG_LEVEL: 'debug', ...demo.env };
    server = await startServer(env);
    workers = await startWorkers(env);
    browser = await launchBrowser({ userAgent: canary.userAgent });
    db = await mongoose.createConnection(mongoUriFor(dbName)).asPromise();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await browser?.close();
    await workers?.stop();
    await server?.stop();
    // The shared FerretDB slows down with every database left behind.
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
    redis?.disconnect();
  });

  it('sends a report with a file, a follow-up message and a second file through Chromium, and the case gets routed', async () => {
    const page = await browser.newPage();
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': canary.address, 'x-real-ip': canary.address, forwarded: `for=${canary.address}` });
    const seen = watchPage(page);
    await reporterOpensPortal(page, server.url, 'ru');
    expect(await page.evaluate(() => navigator.userAgent)).toBe(canary.userAgent);
    code = await reporterSubmitsReport(page, {
      category: 'bribery',
      region: 'KZ-75',
      seniority: 'S2',
      amount: 'A1',
      flags: ['criminal_signs'],
      description: `Bribe demanded. ${canary.report}`,
      details: { who: canary.report },
      identity: { name: canary.identity, contact: canary.identity },
      files: [textFile(canary.fileName, `${canary.file}\n`.repeat(50))],
    });
    await reporterConfirmsCode(page, code);
    await reporterChecksStatus(page, code);
    const after = await reporterSendsMessage(page, canary.followUp);
    expect(after.messages.at(-1)!.text).toBe(canary.followUp);
    const withFile = await reporterSendsFiles(page, [textFile(canary.followUpFileName, canary.file)]);
    expect(withFile.files.join(' ')).toContain(canary.followUpFileName);
    expect(seen.errors).toEqual([]);
    await page.close();
    // Let the worker route the case (and write its audit entries, notifications...) before searching.
    const started = Date.now();
    while (!(await db.collection('cases').findOne({ routeState: 'routed' })) && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 200));
    expect(await db.collection('cases').countDocuments({ routeState: 'routed' })).toBe(1);
  });

  const needles = () => {
    const canonical = code.replace(/-/g, '');
    return [
      canary.report,
      canary.file,
      canary.fileName,
      canary.followUp,
      canary.followUpFileName,
      canary.identity,
      canary.userAgent,
      `CanaryBrowser/${tag}`,
      canary.address,
      code,
      canonical,
      code.replace(/-/g, ' '),
      canonical.slice(0, 16), // the code without its check symbol
    ];
  };

  it('the searches find a planted canary (control: they can fail)', async () => {
    await db.collection('zz_control').insertOne({ note: `planted ${canary.report}`, bin: new mongoose.mongo.Binary(Buffer.from(canary.file)) });
    await redis.hset(`${queuePrefix}:zz_control`, 'f', `x ${canary.userAgent} y`);
    const mongo = await tracesInMongo(db, needles());
    const keys = await tracesInRedis(redis, [queuePrefix], needles());
    const logs = tracesInLogs({ planted: `{"msg":"x"}\n{"ip":"${canary.address}"}` }, needles());
    expect(mongo.found.map((f) => f.needle)).toEqual(expect.arrayContaining([canary.report, canary.file]));
    expect(keys.found.map((f) => f.needle)).toContain(canary.userAgent);
    expect(logs.found).toEqual([{ where: 'planted log line 2', needle: canary.address }]);
    await db.collection('zz_control').drop();
    await redis.del(`${queuePrefix}:zz_control`);
  });

  it('no canary, file name, case code, user agent or address in MongoDB, Redis or the logs', async () => {
    const mongo = await tracesInMongo(db, needles());
    // Every key of the Redis database, not only this test's prefix: a leak may use another key space.
    const keys = await tracesInRedis(redis, [''], needles());
    const logs = tracesInLogs({ server: server.output(), workers: workers.output() }, needles());
    // The search had something to search: the case, its messages, GridFS chunks, queue keys, request logs.
    if (process.env.SHOW_LOGS) console.log(mongo.documents, keys.keys, logs.lines, await db.db!.listCollections().toArray().then((c) => c.map((x) => x.name)), server.output().slice(-1500), workers.output().slice(-1500));
    expect(mongo.documents).toBeGreaterThan(5);
    expect(await db.collection('attachments.chunks').countDocuments()).toBeGreaterThanOrEqual(2);
    expect(keys.keys).toBeGreaterThan(3);
    // Few lines: reporters' requests are counted per rounding bucket (server/bucketLog.ts), not logged one by one.
    expect(logs.lines).toBeGreaterThan(5);
    // Reporters' requests are counted and written at the end of the rounding bucket, never one timed line each.
    expect(server.output()).not.toMatch(/"route":"\/api\/reports"/);
    expect({ mongo: mongo.found, redis: keys.found, logs: logs.found }).toEqual({ mongo: [], redis: [], logs: [] });
  });
});
