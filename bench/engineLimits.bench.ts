/**
 * The embedded engine's limit: how long routing ONE new case takes (the worker's route
 * processor, in this process: claim, read, routing update, effects) as the cases collection grows, on
 * FerretDB 1.24 with SQLite, which scans the collection for every update. Fits a line through
 * the points and prints the case count at which routing one case passes 1 s — the figure in
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
import { createTestDeployment } from '../tests/support/deployment';
import { startPrivateFerret } from '../tests/support/processes';
import { REDIS_URL, uniqueName } from '../tests/support/testEnv';
import { connectTestDb, insertCase, seedMembers, testContext } from '../tests/integration/workers/stack';

const LARGEST = Number(process.argv[2] ?? 16000);
const ROUTING = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };
const SAMPLES = 3;

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
  const points: { n: number; ms: number }[] = [];
  try {
    await routeOne(); // warm-up, and a real case to copy
    const template = (await Case.collection.findOne({}))!;
    console.log(`case document: ${JSON.stringify(template).length} bytes of JSON; FerretDB 1.24 (SQLite in ${ferret.dataDir}), ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
    for (let n = 1000; n <= LARGEST; n *= 2) {
      let count = await Case.countDocuments();
      while (count < n) {
        const batch = Array.from({ length: Math.min(500, n - count) }, (_, i) => ({ ...template, _id: `filler-${count + i}-${Math.random().toString(36).slice(2)}` as never, caseToken: `filler-${count + i}-${Math.random()}` }));
        await Case.collection.insertMany(batch);
        count += batch.length;
      }
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) times.push(await routeOne());
      times.sort((a, b) => a - b);
      points.push({ n: count, ms: times[Math.floor(SAMPLES / 2)] });
      console.log(`  ${String(count).padStart(6)} cases: routing one case takes ${times[Math.floor(SAMPLES / 2)].toFixed(0).padStart(6)} ms (median of ${SAMPLES}; ${times.map((t) => t.toFixed(0)).join(', ')})`);
    }
    // Least-squares line through the points: ms = a + b·n.
    const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
    const mn = mean(points.map((p) => p.n));
    const mt = mean(points.map((p) => p.ms));
    const b = points.reduce((sum, p) => sum + (p.n - mn) * (p.ms - mt), 0) / points.reduce((sum, p) => sum + (p.n - mn) ** 2, 0);
    const a = mt - b * mn;
    console.log(`  fit: ${a.toFixed(0)} ms + ${(b * 1000).toFixed(1)} ms per 1,000 cases → routing one case passes 1 s at about ${Math.round((1000 - a) / b).toLocaleString('en')} cases`);
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
