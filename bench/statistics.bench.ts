/**
 * Recomputing the published statistics over 100,000 cases: time and memory.
 *
 *   source .data/services.env && npx tsx bench/statistics.bench.ts [cases]
 *
 * Inserts the cases (insertMany in batches) into a scratch database of its own, then runs the
 * statistics task's computation: the projection cursor and in-memory tally, the suppression of
 * every year (months, quarters, year, with the exact audit), and the upserts. Prints wall time
 * per phase and RSS / heap (peak sampled every 20 ms). Drops the scratch database at the end.
 */
import mongoose from 'mongoose';
import { createTestDeployment } from '../tests/support/deployment';
import { mongoUriFor, uniqueName } from '../tests/support/testEnv';
import { caseDocument, syntheticCases } from '../tests/integration/statistics/caseFixtures';
import { PolicyStore } from '../server/policy/policyStore';
import { Case } from '../server/models/Case';
import { asOfDay, buildDocuments, computeStatistics, tallyCases } from '../server/statistics/compute';
import { lastPublishableMonth, monthRange, monthStart, nextMonth } from '../server/statistics/periods';

const N = Number(process.argv[2] ?? 100_000);
const BATCH = 5_000;
const MB = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

function peakSampler() {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 20);
  return () => (clearInterval(timer), sample(), { rss, heap });
}

async function main() {
  const deployment = await createTestDeployment();
  const { policy } = deployment;
  const offset = policy.calendar.utcOffsetMinutes;
  const now = new Date();
  const lastMonth = lastPublishableMonth(now, policy.statistics.publicationDelayDays, offset);
  const firstYear = Number(lastMonth.slice(0, 4)) - 2;
  const months = monthRange(`${firstYear}-01`, lastMonth);
  const uri = mongoUriFor(uniqueName('bench_stats'));
  await mongoose.connect(uri);
  await Case.init();

  console.log(`statistics benchmark: ${N.toLocaleString('en')} cases over ${months.length} months (${months[0]} .. ${lastMonth}), k=${policy.statistics.kAnonymityThreshold}`);
  const categories = policy.categories.map((c) => c.id);
  const regions = [...policy.regions.map((r) => r.code as string), 'unknown'];
  let t = Date.now();
  for (let i = 0; i < N; i += BATCH) {
    const batch = syntheticCases(Math.min(BATCH, N - i), months, categories, regions, 1000 + i).map(caseDocument);
    await Case.collection.insertMany(batch as never[], { ordered: false });
  }
  console.log(`insert: ${((Date.now() - t) / 1000).toFixed(1)} s (${Math.round(N / ((Date.now() - t) / 1000))} cases/s, batches of ${BATCH})`);

  const policies = new PolicyStore(deployment.rootPublicKey);
  await policies.remember(deployment.signed);
  global.gc?.();
  const before = process.memoryUsage();

  // Phases on their own, then the whole task as the worker runs it (twice: the second run is the idempotent re-run).
  let peak = peakSampler();
  t = Date.now();
  const asOf = asOfDay(now, offset);
  const { tally, cases } = await tallyCases(monthStart(nextMonth(lastMonth), offset), asOf, offset);
  const tallyMs = Date.now() - t;
  t = Date.now();
  const docs = buildDocuments(policy, tally, lastMonth);
  const buildMs = Date.now() - t;
  const phasePeak = peak();
  console.log(`read + tally (cursor, projection): ${(tallyMs / 1000).toFixed(2)} s for ${cases.toLocaleString('en')} cases (${Math.round(cases / (tallyMs / 1000))} cases/s)`);
  console.log(`suppression + documents: ${(buildMs / 1000).toFixed(2)} s, ${docs.length} documents`);

  for (const run of ['first', 'second (idempotent)']) {
    peak = peakSampler();
    t = Date.now();
    const result = await computeStatistics({ policies, now });
    const ms = Date.now() - t;
    const p = peak();
    console.log(`computeStatistics ${run}: ${(ms / 1000).toFixed(2)} s, ${result.documents} documents, ${result.periods.length} periods, peak RSS ${MB(p.rss)}, peak heap ${MB(p.heap)}`);
  }
  const after = process.memoryUsage();
  console.log(`memory: RSS ${MB(before.rss)} before -> peak ${MB(phasePeak.rss)} during the phases, ${MB(after.rss)} after; heap used ${MB(before.heapUsed)} before -> peak ${MB(phasePeak.heap)}`);
  const hidden = docs
    .filter((d) => d.table === 'counts' && d.period.length === 4)
    .map((d) => {
      const data = d.data as { dims: Record<string, { byMonth: (number | null)[][] }> };
      const cells = Object.values(data.dims).flatMap((t) => t.byMonth.flat());
      return `${d.period}: ${cells.filter((c) => c === null).length}/${cells.length} month cells hidden`;
    });
  console.log(`suppression: ${hidden.join('; ')}`);

  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
