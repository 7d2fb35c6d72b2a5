import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { createTestDeployment } from '../support/deployment';
import { startServer, startWorkers, type Spawned } from '../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { tracesInLogs, tracesInMongo, tracesInRedis, type Trace } from './traceSearch';

/** Every file under `dir` (up to `maxBytes` each), searched like the other stores. */
function tracesInFolder(dir: string, needles: string[], only?: (entry: string) => boolean): { found: Trace[]; files: number } {
  const found: Trace[] = [];
  let files = 0;
  const walk = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(p);
    } catch {
      return; // removed meanwhile (another process's temp file)
    }
    if (stat.isDirectory()) {
      let entries: string[] = [];
      try {
        entries = fs.readdirSync(p);
      } catch {
        return;
      }
      for (const e of entries) walk(path.join(p, e));
    } else if (stat.isFile() && stat.size <= 8 * 1024 * 1024) {
      files += 1;
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(p);
      } catch {
        return;
      }
      const lower = bytes.toString('latin1').toLowerCase();
      for (const n of needles) if (bytes.includes(Buffer.from(n)) || lower.includes(n.toLowerCase())) found.push({ where: p, needle: n });
    }
  };
  for (const entry of fs.readdirSync(dir)) if (!only || only(entry)) walk(path.join(dir, entry));
  return { found, files };
}

/**
 * The canary test for the no-JavaScript path, where the server DOES see the plaintext while it
 * seals: after a submission, a status check, a message and refused inputs, no store, log or
 * temporary folder of the server and the workers holds the report's words or the case code.
 */
describe('no trace of a no-JS report in any store, log or temporary folder', () => {
  const tag = randomBytes(6).toString('hex');
  const canary = {
    report: `NOJSCANARY-REPORT-${tag}`,
    detail: `NOJSCANARY-DETAIL-${tag}`,
    identity: `NOJSCANARY-NAME-${tag}`,
    followUp: `NOJSCANARY-FOLLOWUP-${tag}`,
    refused: `NOJSCANARY-REFUSED-${tag}`,
    userAgent: `CanaryTorBrowser/${tag}`,
    address: `198.51.100.${(randomBytes(1)[0] % 250) + 1}`,
  };
  const queuePrefix = uniqueName('nojscanaryq');
  const dbName = uniqueName('nojscanary');
  const serverTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-nojs-servertmp-'));
  const systemTmpBefore = new Set(fs.readdirSync(os.tmpdir()));
  let server: Spawned & { url: string };
  let workers: Spawned;
  let db: mongoose.Connection;
  let redis: Redis;
  let code = '';

  const post = async (p: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const res = await fetch(`${server.url}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': canary.userAgent, 'x-forwarded-for': canary.address, 'x-real-ip': canary.address, forwarded: `for=${canary.address}` },
      body: body.toString(),
    });
    return { status: res.status, html: await res.text() };
  };

  beforeAll(async () => {
    // A one-minute rounding bucket, so the held request lines are written while the test runs.
    const deployment = await createTestDeployment((source) => (source.timeRoundingMinutes = 1));
    const env = { MONGODB_URI: mongoUriFor(dbName), REDIS_URL, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: 'debug', TMPDIR: serverTmp, ...deployment.env };
    server = await startServer(env);
    workers = await startWorkers(env);
    db = await mongoose.createConnection(mongoUriFor(dbName)).asPromise();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await workers?.stop();
    await server?.stop();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
    redis?.disconnect();
    fs.rmSync(serverTmp, { recursive: true, force: true });
  });

  it('asks who can read it, submits, checks the status, sends a message and is refused once, all without JavaScript; the case gets routed', async () => {
    const answers = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: ['criminal_signs'] };
    const refused = await post('/nojs/report?lang=ru', { description: `${canary.refused} without answers` });
    expect(refused.status).toBe(400);
    const report = { ...answers, description: `Взятка. ${canary.report}`, who: canary.detail, mode: 'confidential', name: canary.identity, contact: canary.identity };
    expect((await post('/nojs/report?lang=ru', { ...report, review: '1' })).html).toContain('data-testid="readers"');
    const sent = await post('/nojs/report?lang=ru', report);
    expect(sent.status).toBe(200);
    code = /data-testid="case-code">([^<]+)</.exec(sent.html)![1];
    const status = await post('/nojs/status?lang=ru', { code });
    expect(status.status).toBe(200);
    const message = await post('/nojs/message?lang=ru', { code, message: canary.followUp });
    expect(message.status).toBe(200);
    expect(message.html).toContain(canary.followUp);
    const started = Date.now();
    while (!(await db.collection('cases').findOne({ routeState: 'routed' })) && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 200));
    expect(await db.collection('cases').countDocuments({ routeState: 'routed', sealedBy: 'server' })).toBe(1);
    // The request lines are held until the one-minute bucket ends, then written (server/bucketLog.ts).
    await server.waitFor('/nojs/message', 90_000);
  }, 150_000);

  const needles = () => {
    const canonical = code.replace(/-/g, '');
    return [...Object.values(canary), `CanaryTorBrowser/${tag}`, code, canonical, code.replace(/-/g, ' '), canonical.slice(0, 16)];
  };

  it('the searches find a planted canary (control: they can fail)', async () => {
    const planted = path.join(serverTmp, 'planted.txt');
    fs.writeFileSync(planted, `x ${canary.report} y`);
    expect(tracesInFolder(serverTmp, needles()).found).toEqual([{ where: planted, needle: canary.report }]);
    fs.rmSync(planted);
    expect(tracesInLogs({ planted: `{"ip":"${canary.address}"}` }, needles()).found).toHaveLength(1);
  });

  it('no report word, identity, message, case code, user agent or address in MongoDB, Redis, the logs or the temporary folders', async () => {
    const mongo = await tracesInMongo(db, needles());
    const keys = await tracesInRedis(redis, [''], needles());
    const logs = tracesInLogs({ server: server.output(), workers: workers.output() }, needles());
    const privateTmp = tracesInFolder(serverTmp, needles());
    // The shared temp folder: only entries made while this test ran (other processes' included).
    const systemTmp = tracesInFolder(os.tmpdir(), needles(), (entry) => !systemTmpBefore.has(entry) && !entry.startsWith('cc-nojs-servertmp-'));
    if (process.env.SHOW_LOGS) console.log(server.output(), workers.output());
    expect(mongo.documents).toBeGreaterThan(3);
    expect(keys.keys).toBeGreaterThan(0);
    expect(server.output()).toMatch(/"POST \/nojs\/report 200":\d/);
    expect(server.output()).toMatch(/"POST \/nojs\/report 400":\d/);
    expect({ mongo: mongo.found, redis: keys.found, logs: logs.found, privateTmp: privateTmp.found, systemTmp: systemTmp.found }).toEqual({ mongo: [], redis: [], logs: [], privateTmp: [], systemTmp: [] });
  });
});
