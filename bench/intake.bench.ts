/**
 * Intake throughput: accepted reports per second and p50/p99 latency for 8 KiB envelopes at 50
 * concurrent clients (proof of work at difficulty 0), beside the ceiling of a bare
 * express+helmet JSON POST measured in the same run on the same machine.
 * Envelopes are built before timing: their crypto is the reporter's cost, not the server's.
 * Run: source .data/services.env && npx tsx bench/intake.bench.ts [seconds per phase]
 * The database is a private FerretDB started for the run (other test runs on a shared one would
 * skew the figures); BENCH_FERRET_DIR=/dev/shm puts its SQLite files in memory (no fsync cost);
 * set BENCH_MONGODB_URI to measure against a real MongoDB instead.
 * It also measures the engine's own ceiling in the same run (a bare driver insertOne of a stored
 * report's shape — the case document with its body — with the Case model's indexes, on the same engine, same 50
 * clients) and prints `intake / engine insert ceiling: NN %`, and where the engine's time goes
 * per report (the server's command timings, server/infra/commandShapes.ts).
 * Prints figures, asserts nothing. Uses a throw-away database and queue prefix, removed at the end.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { Case } from '../server/models/Case';
import type { CommandTimings } from '../server/infra/commandShapes';
import { createTestDeployment } from '../tests/support/deployment';
import { spawnLogged, startPrivateFerret, startServer } from '../tests/support/processes';
import { buildReport } from '../tests/support/reporterClient';
import { REDIS_URL, ROOT, uniqueName } from '../tests/support/testEnv';

const CONCURRENCY = 50;
const SECONDS = Number(process.argv[2] ?? 8);
const MAX_PER_PHASE = Number(process.env.BENCH_REPORTS ?? 3000);
const ROUTING = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };
// A difficulty-0 challenge accepts any nonce; the client still fetches and redeems one.
const ZERO_NONCE = 'AAAAAAAAAAA';

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 8 });

function post(port: number, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

type Result = { count: number; errors: number; seconds: number; p50: number; p99: number; cpu?: string };

/** CPU seconds used by a process and its descendants (tsx runs the server in a child node). */
function treeCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const own = (Number(stat[11]) + Number(stat[12])) / 100; // utime + stime, in clock ticks (100 Hz)
    const children = fs.readdirSync(`/proc/${pid}/task`).flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
    return own + children.reduce((sum, c) => sum + treeCpuSeconds(Number(c)), 0);
  } catch {
    return 0;
  }
}

/** Runs `fn` and notes how busy each named process was meanwhile (100 % = one core). */
async function withCpu(pids: Record<string, number>, fn: () => Promise<Result>): Promise<Result> {
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, treeCpuSeconds(pid)]));
  const r = await fn();
  r.cpu = Object.entries(pids)
    .map(([k, pid]) => `${k} ${(((treeCpuSeconds(pid) - before[k]) / r.seconds) * 100).toFixed(0)} %`)
    .join(', ');
  return r;
}

/** Runs `task(i)` from CONCURRENCY loops until `seconds` pass or `limit` tasks ran; times each. */
async function load(limit: number, seconds: number, task: (i: number) => Promise<boolean>): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < limit && performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        const ok = await task(i).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) errors += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? NaN;
  return { count: latencies.length - errors, errors, seconds: elapsed, p50: pct(50), p99: pct(99) };
}

/** The bare ceiling: express + helmet + express.json, one POST route, its own process. */
async function startCeiling() {
  const script = `
    const express = require('express'); const helmet = require('helmet');
    const app = express(); app.use(helmet()); app.use(express.json({ limit: '1mb' }));
    app.post('/echo', (req, res) => res.status(201).json({ status: 'received', n: Object.keys(req.body).length }));
    const s = app.listen(0, '127.0.0.1', () => console.log('CEILING ' + s.address().port));`;
  const proc = spawnLogged(process.execPath, ['-e', script], process.env, ROOT);
  await proc.waitFor(/CEILING \d+/);
  return { proc, port: Number(/CEILING (\d+)/.exec(proc.output())![1]) };
}

const row = (label: string, r: Result, unit: string) =>
  `  ${label.padEnd(38)} ${(r.count / r.seconds).toFixed(0).padStart(6)} ${unit}   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   (${r.count} ok, ${r.errors} failed, ${r.seconds.toFixed(1)} s)${r.cpu ? `\n  ${''.padEnd(38)} CPU: ${r.cpu}` : ''}`;

async function main() {
  const deployment = await createTestDeployment();
  const dbName = uniqueName('bench_intake');
  const prefix = uniqueName('benchq');
  const ferret = process.env.BENCH_MONGODB_URI ? undefined : await startPrivateFerret(process.env.BENCH_FERRET_DIR ? fs.mkdtempSync(`${process.env.BENCH_FERRET_DIR}/ferret-`) : undefined);
  const mongoUri = process.env.BENCH_MONGODB_URI ?? ferret!.uri.replace(/\/[^/]*$/, `/${dbName}`);
  const timingsFile = path.join(os.tmpdir(), `${dbName}-timings.json`);
  const server = await startServer({ MONGODB_URI: mongoUri, REDIS_URL, QUEUE_PREFIX: prefix, POW_DIFFICULTY: '0', POW_DIFFICULTY_MAX: '0', LOG_LEVEL: 'warn', CC_DB_TIMINGS_FILE: timingsFile, ...deployment.env });
  const port = Number(new URL(server.url).port);
  const ceiling = await startCeiling();
  try {
    const text = 'The official asked for a bribe. '.repeat(250).slice(0, 7900); // seals to an 8 KiB envelope
    process.stdout.write(`building ${2 * MAX_PER_PHASE + 400} envelopes… `);
    const t0 = performance.now();
    const bodies = Array.from({ length: 2 * MAX_PER_PHASE + 400 }, () => buildReport(deployment, ROUTING, text, { fast: true }).submission);
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s (${bodies[0].body.ct.length} base64 chars of ciphertext, ${JSON.stringify(bodies[0]).length} bytes of JSON each)`);
    let used = 0;
    const take = () => bodies[used++];

    const challenge = async () => JSON.parse((await post(port, '/api/pow/challenges', '{"purpose":"submit"}')).text).challengeId as string;
    const submit = async (submission: Record<string, unknown>, challengeId: string) =>
      (await post(port, '/api/reports', JSON.stringify({ ...submission, pow: { challengeId, nonce: ZERO_NONCE } }))).status === 201;
    const sample = JSON.stringify(bodies[0]);

    // Warm both servers (JIT, connection pools) outside the timed runs.
    await load(200, 5, async () => (await post(ceiling.port, '/echo', sample)).status === 201);
    await load(200, 5, async () => submit(take(), await challenge()));

    const pids = { api: server.child.pid!, ...(ferret ? { FerretDB: ferret.child.pid! } : {}) };
    const bare = await withCpu({ app: ceiling.proc.child.pid! }, () => load(Number.MAX_SAFE_INTEGER, SECONDS, async () => (await post(ceiling.port, '/echo', sample)).status === 201));
    const full = await withCpu(pids, () => load(MAX_PER_PHASE, SECONDS, async () => submit(take(), await challenge())));
    // Submissions alone: challenges fetched beforehand, so only POST /api/reports is timed.
    const ids = await Promise.all(Array.from({ length: MAX_PER_PHASE }, () => challenge()));
    const timingsBefore = await readTimings(timingsFile);
    const only = await withCpu(pids, () => load(MAX_PER_PHASE, SECONDS, async (i) => submit(take(), ids[i])));
    await new Promise((r) => setTimeout(r, 1200)); // the server rewrites its timings every second
    const perReport = timingsPerReport(timingsBefore, await readTimings(timingsFile), only.count);
    const engine = await engineInsertCeiling(mongoUri, pids);

    console.log(`\nintake, ${CONCURRENCY} concurrent clients, 8 KiB envelopes, PoW difficulty 0, ${os.cpus().length} cores, Node ${process.version}, ${ferret ? `private FerretDB 1.24 (SQLite in ${ferret.dataDir})` : 'BENCH_MONGODB_URI'}, load average ${os.loadavg()[0].toFixed(1)}`);
    console.log(row('express+helmet JSON POST (ceiling)', bare, 'req/s    '));
    console.log(row('POST /api/reports (challenge ready)', only, 'reports/s'));
    console.log(row('challenge + POST /api/reports', full, 'reports/s'));
    console.log(row('bare driver insertOne (engine ceiling)', engine, 'inserts/s'));
    console.log(`  accepted reports/s as a share of the ceiling: ${((only.count / only.seconds / (bare.count / bare.seconds)) * 100).toFixed(0)} % (submit only), ${((full.count / full.seconds / (bare.count / bare.seconds)) * 100).toFixed(0)} % (with challenge; 2 requests per report)`);
    console.log(`  intake / engine insert ceiling: ${((only.count / only.seconds / (engine.count / engine.seconds)) * 100).toFixed(0)} % (submit only), ${((full.count / full.seconds / (engine.count / engine.seconds)) * 100).toFixed(0)} % (with challenge)`);
    console.log(`  database time per accepted report (submit only), by collection.command, as the driver saw it:`);
    for (const [key, t] of perReport) console.log(`    ${key.padEnd(34)} ${t.count.toFixed(2).padStart(5)} × ${(t.ms / Math.max(t.count, 1e-9)).toFixed(1).padStart(6)} ms = ${t.ms.toFixed(1).padStart(6)} ms`);
  } finally {
    await ceiling.proc.stop();
    await server.stop();
    if (ferret) {
      await ferret.stop();
      fs.rmSync(ferret.dataDir, { recursive: true, force: true });
    } else {
      const conn = await mongoose.createConnection(mongoUri).asPromise();
      await conn.dropDatabase();
      await conn.close();
    }
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    agent.destroy();
  }
}

async function readTimings(file: string): Promise<CommandTimings> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CommandTimings;
  } catch {
    return {};
  }
}

/** Commands and database milliseconds per accepted report between two timing snapshots. */
function timingsPerReport(before: CommandTimings, after: CommandTimings, reports: number): [string, { count: number; ms: number }][] {
  return Object.entries(after)
    .map(([key, t]): [string, { count: number; ms: number }] => [key, { count: (t.count - (before[key]?.count ?? 0)) / reports, ms: (t.ms - (before[key]?.ms ?? 0)) / reports }])
    .filter(([, t]) => t.count > 0)
    .sort((a, b) => b[1].ms - a[1].ms);
}

/**
 * The engine's own ceiling: stored case documents inserted again with a bare driver, by the
 * same 50 clients, into a collection with the Case model's indexes, on the same engine.
 */
async function engineInsertCeiling(mongoUri: string, pids: Record<string, number>): Promise<Result> {
  const conn = await mongoose.createConnection(mongoUri).asPromise();
  try {
    const stored = await conn.db!.collection('cases').find({}).limit(1).toArray();
    if (!stored.length) throw new Error('no stored case to copy');
    // The whole report in one document, as the issue measured it: the case with its body (the
    // intake stores the body apart, in caseBodies).
    const body = await conn.db!.collection('caseBodies').findOne({ _id: stored[0]._id });
    if (body) stored[0].body = body.body;
    const target = conn.db!.collection('engineCeiling');
    for (const [fields, options] of Case.schema.indexes()) await target.createIndex(fields as Record<string, 1>, options as object);
    await target.createIndex({ caseToken: 1 }, { unique: true });
    const template = stored[0];
    const doc = (i: number) => ({ ...template, _id: `ceiling-${i}-${Math.random().toString(36).slice(2)}` as never, caseToken: `ceiling-${i}-${Math.random()}` });
    await load(200, 5, async (i) => (await target.insertOne(doc(1e9 + i))).acknowledged);
    return await withCpu(pids, () => load(MAX_PER_PHASE, SECONDS, async (i) => (await target.insertOne(doc(i))).acknowledged));
  } finally {
    await conn.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
