/**
 * The embedded engine's limit, as the cases collection grows on FerretDB 1.24 with SQLite (the
 * build of scripts/services.sh, or FERRETDB_BIN): how long routing ONE new case takes (the
 * worker's route processor, in this process: claim, read, routing update, effects), and how long
 * the periodic passes keep the engine busy per minute (deadline and reconcile passes: queries on
 * other fields than `_id`, which the engine answers by decoding every case). Fits a line through
 * each and prints the case count at which routing passes 1 s or the passes take 15 s of every
 * minute, the lower of the two being the engine's limit — the figure in
 * README.md and docs/operations.md, and the default of ENGINE_CASE_LIMIT (workers warn near it).
 * Filler cases are copies of a real stored case (same size and shape), inserted by the driver.
 * Run: npx tsx bench/engineLimits.bench.ts [largest count, default 16000]
 * Prints figures, asserts nothing; its private FerretDB and queue prefix are removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { Case } from '../server/models/Case';
import { routeCaseProcessor } from '../workers/processors/routeCaseProcessor';
import { runDeadlineScan } from '../workers/tasks/deadlineTask';
import { runReconcile } from '../workers/tasks/reconcileTask';
import { parseEnv } from '../server/config/env';
import { createTestDeployment } from '../tests/support/deployment';
import { startPrivateFerret } from '../tests/support/processes';
import { FERRETDB_BIN, REDIS_URL, uniqueName } from '../tests/support/testEnv';
import { connectTestDb, insertCase, seedMembers, testContext } from '../tests/integration/workers/stack';

const LARGEST = Number(process.argv[2] ?? 16000);
const ROUTING = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };
const SAMPLES = 3;
/** What a person waits for: routing one case past this is felt in the console. */
const ROUTE_LIMIT_MS = 1000;
/**
 * The periodic passes (a deadline pass every DEADLINES_EVERY_SECONDS, a reconcile pass every
 * RECONCILE_EVERY_SECONDS, defaults) may keep the engine busy this long in every minute: a
 * quarter of its time, the rest left to the people using it.
 */
const BUSY_LIMIT_MS_PER_MINUTE = 15_000;
const DEFAULTS = parseEnv({ NODE_ENV: 'test', MONGODB_URI: 'mongodb://unused', REDIS_URL: 'redis://unused' }); // only the schedule defaults are read

type Point = { n: number; ms: number };

async function median(run: () => Promise<number>) {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) times.push(await run());
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(SAMPLES / 2)], all: times.map((t) => t.toFixed(0)).join(', ') };
}

/** Least-squares line ms = a + b·n through the points; prints and returns where it passes `limitMs`. */
function crossing(what: string, points: Point[], limitMs: number): number {
  const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const mn = mean(points.map((p) => p.n));
  const mt = mean(points.map((p) => p.ms));
  const b = points.reduce((sum, p) => sum + (p.n - mn) * (p.ms - mt), 0) / points.reduce((sum, p) => sum + (p.n - mn) ** 2, 0);
  const a = mt - b * mn;
  const at = b > 0 ? (limitMs - a) / b : Infinity;
  const where = Number.isFinite(at) ? `about ${Math.round(at).toLocaleString('en')} cases` : 'never (it does not grow)';
  console.log(`  fit, ${what}: ${a.toFixed(0)} ms + ${(b * 1000).toFixed(1)} ms per 1,000 cases → passes ${limitMs / 1000} s at ${where}`);
  return at;
}

async function main() {
  const deployment = await createTestDeployment();
  const prefix = uniqueName('benchlimit');
  const ferret = await startPrivateFerret(process.env.BENCH_FERRET_DIR ? fs.mkdtempSync(`${process.env.BENCH_FERRET_DIR}/ferret-`) : undefined);
  const uri = ferret.uri.replace(/\/[^/]*$/, `/${uniqueName('bench_limit')}`);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  await connectTestDb(uri);
  await seedMembers(['aca@KZ-75'], 3);
  const { ctx, ready } = testContext({ deployment, prefix, env: {} }, redis);
  await ready();
  // Routing one case as the worker does: the route processor, with its claim, update and effects.
  const routeOne = async () => {
    const caseId = await insertCase(deployment, ROUTING, new Date());
    const t0 = performance.now();
    await routeCaseProcessor({ caseId }, ctx);
    return performance.now() - t0;
  };
  // The periodic passes as the workers run them: the deadline scan (nothing due here) and the
  // reconciler (nothing pending; it also recounts members' cases), each a query on other fields
  // than `_id`, which the engine answers by decoding every case.
  const timed = (pass: () => Promise<unknown>) => async () => {
    const t0 = performance.now();
    await pass();
    return performance.now() - t0;
  };
  const deadlinePass = timed(() => runDeadlineScan(ctx, new Date()));
  const reconcilePass = timed(() => runReconcile(ctx, new Date()));
  const perMinute = (deadlineMs: number, reconcileMs: number) => deadlineMs * (60 / DEFAULTS.DEADLINES_EVERY_SECONDS) + reconcileMs * (60 / DEFAULTS.RECONCILE_EVERY_SECONDS);
  const routing: Point[] = [];
  const busy: Point[] = [];
  try {
    await routeOne(); // warm-up, and a real case to copy
    const template = (await Case.collection.findOne({}))!;
    const info = await mongoose.connection.db!.admin().buildInfo();
    console.log(`case document: ${JSON.stringify(template).length} bytes of JSON; ${info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion}` : `MongoDB ${info.version}`} (${FERRETDB_BIN}, SQLite in ${ferret.dataDir}), ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
    for (let n = 1000; n <= LARGEST; n *= 2) {
      let count = await Case.countDocuments();
      while (count < n) {
        const batch = Array.from({ length: Math.min(500, n - count) }, (_, i) => ({ ...template, _id: `filler-${count + i}-${Math.random().toString(36).slice(2)}` as never, caseToken: `filler-${count + i}-${Math.random()}` }));
        await Case.collection.insertMany(batch);
        count += batch.length;
      }
      const route = await median(routeOne);
      const deadline = await median(deadlinePass);
      const reconcile = await median(reconcilePass);
      const minute = perMinute(deadline.ms, reconcile.ms);
      routing.push({ n: count, ms: route.ms });
      busy.push({ n: count, ms: minute });
      console.log(
        `  ${String(count).padStart(6)} cases: routing one case ${route.ms.toFixed(0).padStart(4)} ms (${route.all}); deadline pass ${deadline.ms.toFixed(0).padStart(5)} ms; reconcile pass ${reconcile.ms.toFixed(0).padStart(5)} ms; periodic passes ${(minute / 1000).toFixed(1)} s per minute`,
      );
    }
    const routeLimit = crossing('routing one case', routing, ROUTE_LIMIT_MS);
    const busyLimit = crossing('periodic passes per minute', busy, BUSY_LIMIT_MS_PER_MINUTE);
    console.log(`  engine limit: about ${Math.round(Math.min(routeLimit, busyLimit)).toLocaleString('en')} cases (the lower of the two)`);
  } finally {
    await ctx.queues.close();
    await mongoose.disconnect();
    await ferret.stop();
    fs.rmSync(ferret.dataDir, { recursive: true, force: true });
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
