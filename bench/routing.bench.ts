/**
 * Routing figures, one run: raw BullMQ jobs/s (no-op processor), routed cases/s at saturation
 * (cases stored first, route jobs queued at once, one worker process), and accepted→routed
 * latency p50/p99 with reports offered over HTTP at a steady rate (default 200/s).
 * Run: source .data/services.env && npx tsx bench/routing.bench.ts [steadySeconds] [rate]
 * A private FerretDB is started for the run (set BENCH_MONGODB_URI to use a real MongoDB).
 * Prints figures, asserts nothing; every phase is bounded in time. On FerretDB try
 * WORKER_CONCURRENCY=2: its SQLite writers contend, and fewer concurrent jobs route faster.
 */
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { createTestDeployment } from '../tests/support/deployment';
import { spawnLogged, startPrivateFerret, startServer } from '../tests/support/processes';
import { buildReport, submit } from '../tests/support/reporterClient';
import { REDIS_URL, uniqueName } from '../tests/support/testEnv';
import { Case } from '../server/models/Case';
import { Membership } from '../server/models/Membership';
import { randomId } from '../server/infra/ids';

const STEADY_SECONDS = Number(process.argv[2] ?? 10);
const RATE = Number(process.argv[3] ?? 200);
const SATURATION_CASES = Number(process.env.BENCH_CASES ?? 300);
/** At most this many submissions in flight: past it the offered rate is not met, and we say so. */
const MAX_IN_FLIGHT = 200;
const ROUTINGS = [
  { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] },
  { category: 'procurement', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] },
  { category: 'ethics', region: 'KZ-11', seniority: 'S3', amount: 'A0', flags: [] },
  { category: 'tax_customs', region: 'KZ-71', seniority: 'S3', amount: 'A0', flags: [] },
];
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rawBullmq(prefix: string, jobs = 10_000) {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('raw', { connection, prefix });
  let done = 0;
  const worker = new Worker('raw', async () => void done++, { connection: connection.duplicate(), prefix, concurrency: 50 });
  await worker.waitUntilReady();
  const t0 = performance.now();
  for (let i = 0; i < jobs; i += 1000) await queue.addBulk(Array.from({ length: 1000 }, () => ({ name: 'noop', data: {}, opts: { removeOnComplete: true } })));
  while (done < jobs && performance.now() - t0 < 60_000) await sleep(20);
  const seconds = (performance.now() - t0) / 1000;
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  await connection.quit();
  return done / seconds;
}

/** Counts route-job completions as the worker reports them, with the time each was seen. */
function watchRoutes(prefix: string) {
  const events = new QueueEvents('route', { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix });
  const routedAt = new Map<string, number>();
  events.on('completed', ({ jobId }) => routedAt.set(jobId.replace(/^route-/, ''), performance.now()));
  return { events, routedAt };
}

async function main() {
  const prefix = uniqueName('bench');
  const ferret = process.env.BENCH_MONGODB_URI ? undefined : await startPrivateFerret();
  const uri = process.env.BENCH_MONGODB_URI ?? ferret!.uri.replace('/cc_test', `/${uniqueName('routebench')}`);
  const deployment = await createTestDeployment();
  const env = { MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: prefix, POW_DIFFICULTY: '0', LOG_LEVEL: 'warn', RECONCILE_EVERY_SECONDS: '30', ...deployment.env };
  await mongoose.connect(uri);
  for (const unitId of ['aca@KZ-75', 'fin_control@KZ-75', 'ethics@KZ-11', 'afm@KZ-71']) {
    for (let i = 0; i < 3; i++) await Membership.create({ _id: randomId(), unitId, investigatorId: `${unitId}#${i}`, active: true });
  }
  const raw = await rawBullmq(`${prefix}raw`);
  console.log(`raw BullMQ (no-op processor, concurrency 50): ${raw.toFixed(0)} jobs/s`);

  const server = await startServer(env);
  const workers = spawnLogged(process.execPath, ['--import', 'tsx', 'workers/main.ts'], { ...process.env, NODE_ENV: 'production', ...env });
  await workers.waitFor('WORKERS READY');
  const watch = watchRoutes(prefix);
  await watch.events.waitUntilReady();
  try {
    // Saturation: N cases stored as the intake stores them, then all N route jobs queued at once.
    const docs = Array.from({ length: SATURATION_CASES }, (_, i) => {
      const { submission: s } = buildReport(deployment, ROUTINGS[i % ROUTINGS.length], 'x', { fast: true });
      const receivedAt = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
      return { _id: randomId(), caseToken: s.caseToken, authVerifier: s.authVerifier, reporterPublicKey: s.reporterPublicKey, submissionHash: randomId(), policyVersion: s.policyVersion, routing: s.routing, body: s.body, wraps: s.wraps, receivedAt, timeline: [] };
    });
    for (let i = 0; i < docs.length; i += 200) await Case.insertMany(docs.slice(i, i + 200));
    const queue = new Queue('route', { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix });
    const t0 = performance.now();
    await queue.addBulk(docs.map((d) => ({ name: 'case.route', data: { caseId: d._id }, opts: { jobId: `route-${d._id}` } })));
    while (docs.some((d) => !watch.routedAt.has(d._id)) && performance.now() - t0 < 180_000) await sleep(50);
    const satDone = docs.filter((d) => watch.routedAt.has(d._id)).length;
    const satSeconds = (Math.max(...docs.map((d) => watch.routedAt.get(d._id) ?? 0)) - t0) / 1000;
    console.log(`route worker at saturation: ${satDone}/${docs.length} cases routed in ${satSeconds.toFixed(1)} s = ${(satDone / satSeconds).toFixed(0)} routed cases/s (1 worker process, WORKER_CONCURRENCY ${process.env.WORKER_CONCURRENCY ?? 20})`);
    await queue.close();

    // Steady rate over HTTP: one report started every 1/RATE s (open loop), for STEADY_SECONDS.
    const total = Math.round(RATE * STEADY_SECONDS);
    const reports = Array.from({ length: total }, (_, i) => buildReport(deployment, ROUTINGS[i % ROUTINGS.length], 'x', { fast: true }));
    const acceptedAt = new Map<string, number>();
    let failed = 0;
    const start = performance.now();
    const inflight = new Set<Promise<void>>();
    let late = 0;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (inflight.size >= MAX_IN_FLIGHT) {
        late++;
        await Promise.race(inflight);
      }
      const p: Promise<void> = submit(server.url, reports[i])
        .catch(() => ({ status: 0 }))
        .then((r) => {
          if (r.status === 201) acceptedAt.set(reports[i].secrets.caseToken, performance.now());
          else failed++;
        })
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await Promise.all(inflight);
    if (late) console.log(`  (${late} submissions started late: ${MAX_IN_FLIGHT} were already in flight)`);
    const offeredSeconds = (performance.now() - start) / 1000;
    const stored = await Case.find({ caseToken: { $in: [...acceptedAt.keys()] } }, { caseToken: 1 }).lean<{ _id: string; caseToken: string }[]>();
    const until = performance.now() + 60_000;
    while (stored.some((c) => !watch.routedAt.has(c._id)) && performance.now() < until) await sleep(100);
    const lat = stored.filter((c) => watch.routedAt.has(c._id)).map((c) => watch.routedAt.get(c._id)! - acceptedAt.get(c.caseToken)!);
    console.log(
      `steady ${RATE}/s offered for ${STEADY_SECONDS} s: ${acceptedAt.size} accepted (${(acceptedAt.size / offeredSeconds).toFixed(0)}/s achieved, ${failed} failed), ` +
        `${lat.length} routed; accepted→routed p50 ${pct(lat, 50).toFixed(0)} ms, p99 ${pct(lat, 99).toFixed(0)} ms`,
    );
  } finally {
    await watch.events.close();
    await workers.stop();
    await server.stop();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
    await ferret?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
