import mongoose from 'mongoose';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, startWorkers, type Spawned } from '../../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { ConsoleFactory, consoleFetch } from '../../support/consoleFactory';
import { createQueueConnection } from '../../../server/infra/redis';
import { QueueFactory } from '../../../server/queues/queueFactory';
import { PolicyStore } from '../../../server/policy/policyStore';
import { Statistic } from '../../../server/models/Statistic';
import { computeStatistics } from '../../../server/statistics/compute';
import { lastPublishableMonth, monthOf, monthRange } from '../../../server/statistics/periods';
import { attackerView, recoverableByAlgebra } from '../../unit/statistics/oracle';
import { caseDocument, syntheticCases } from './caseFixtures';

/**
 * End to end: cases in the database → the statistics task in the real worker process → the
 * open-data JSON and CSV and the supervisors' report over HTTP. One report of a category and
 * a region nobody else used (retaliation, in Ulytau) must never become visible, directly or
 * by subtracting visible figures from totals, in any of them.
 */
const K = 5;
const OFFSET = 300;
const now = new Date();
const lastMonth = lastPublishableMonth(now, 30, OFFSET);
const year = String(Number(lastMonth.slice(0, 4)) - 1);
const lonelyMonth = `${year}-03`;

let deployment: TestDeployment;
let uri: string;
let db: mongoose.Connection;
let factory: ConsoleFactory;
let server: Spawned & { url: string };
let workers: Spawned;
let queues: QueueFactory;
let redis: ReturnType<typeof createQueueConnection>;
let publishedCount = 0;

const getJson = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
};
const getText = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, text: await res.text(), headers: res.headers };
};

beforeAll(async () => {
  deployment = await createTestDeployment();
  uri = mongoUriFor(uniqueName('stats'));
  db = await mongoose.createConnection(uri).asPromise();
  factory = new ConsoleFactory(db, deployment);
  const categories = deployment.policy.categories.map((c) => c.id).filter((c) => c !== 'retaliation');
  const regions = deployment.policy.regions.map((r) => r.code as string).filter((r) => r !== 'KZ-62');
  const months = monthRange(`${year}-01`, lastMonth);
  const cases = syntheticCases(1500, months, categories, regions, 7);
  // The lonely report, and one received too recently to be published yet.
  cases.push({ category: 'retaliation', region: 'KZ-62', receivedAt: new Date(`${lonelyMonth}-14T06:00:00Z`), acknowledgedAfterDays: 1 });
  cases.push({ category: 'retaliation', region: 'KZ-62', receivedAt: new Date(now.getTime() - 3 * 86_400_000) });
  publishedCount = cases.filter((c) => monthOf(c.receivedAt, OFFSET) <= lastMonth).length;
  for (let i = 0; i < cases.length; i += 500) await db.collection('cases').insertMany(cases.slice(i, i + 500).map(caseDocument) as never[]);

  const env = { MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), LOG_LEVEL: 'warn', ...deployment.env, ...factory.env };
  server = await startServer(env);
  workers = await startWorkers(env);
  redis = createQueueConnection(REDIS_URL);
  queues = new QueueFactory(redis, env.QUEUE_PREFIX);
  await queues.enqueue('statistics.compute', {});
  const started = Date.now();
  while (!(await db.collection('statistics').findOne({ _id: 'index:periods' as never }))) {
    if (Date.now() - started > 90_000) throw new Error(`statistics not computed:\n${workers.output()}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}, 180_000);

afterAll(async () => {
  await queues?.close();
  await redis?.quit();
  await workers?.stop();
  await server?.stop();
  await db?.close();
  await mongoose.disconnect();
});

function expectNothingRecoverable(published: Parameters<typeof attackerView>[0]) {
  const view = attackerView(published);
  for (const v of view.known.values()) expect(v === 0 || v >= K).toBe(true);
  expect(view.hidden.size).toBeGreaterThan(0);
  expect(recoverableByAlgebra(view.relations, view.hidden)).toEqual([]);
}

test('the periods list has every published month and year, and nothing newer than the delay allows', async () => {
  const { status, body } = await getJson('/api/public/stats/periods');
  expect(status).toBe(200);
  const periods = body.periods.map((p: { period: string }) => p.period);
  expect(periods).toContain(year);
  expect(periods).toContain(lonelyMonth);
  expect(periods[periods.length - 1]).toBe(lastMonth);
  expect(body.periods.find((p: any) => p.period === year).complete).toBe(true);
  expect(body).toMatchObject({ k: K, publicationDelayDays: 30, lastMonth });
});

test('JSON of the year and of the month: the lonely report is suppressed and cannot be worked out from totals', async () => {
  const { body: y } = await getJson(`/api/public/stats/${year}.json`);
  expect(y).toMatchObject({ schema: 'clearchannel-stats/1', period: year, granularity: 'year', complete: true });
  const m = y.months.indexOf(lonelyMonth);
  const cat = y.dimensions.category.values.indexOf('retaliation');
  const reg = y.dimensions.region.values.indexOf('KZ-62');
  expect(y.dimensions.category.byMonth[m][cat]).toBeNull();
  expect(y.dimensions.region.byMonth[m][reg]).toBeNull();
  expect(y.dimensions.category.period[cat]).toBeNull();
  expect(y.dimensions.region.period[reg]).toBeNull();
  expectNothingRecoverable({ ...y, dims: y.dimensions });

  const { body: month } = await getJson(`/api/public/stats/${lonelyMonth}.json`);
  expect(month.granularity).toBe('month');
  expect(month.dimensions.category.byMonth[0][cat]).toBeNull();
  expect(month.dimensions.category.byMonth[0]).toEqual(y.dimensions.category.byMonth[m]);
  expect(month.total.period).toBe(y.total.byMonth[m]);
});

test('CSV says the same as JSON, flags suppressed figures, and has no figure between 1 and k-1', async () => {
  const { status, text, headers } = await getText(`/api/public/stats/${year}.csv`);
  expect(status).toBe(200);
  expect(headers.get('content-type')).toMatch(/^text\/csv/);
  const [header, ...rows] = text.trim().split('\r\n').map((l) => l.split(','));
  expect(header).toEqual(['period', 'month', 'table', 'key', 'measure', 'value', 'flag']);
  const { body: y } = await getJson(`/api/public/stats/${year}.json`);
  const lonely = rows.filter((r) => r[3] === 'retaliation' || r[3] === 'KZ-62');
  expect(lonely.length).toBeGreaterThan(0);
  for (const r of rows.filter((r) => r[4] === 'count')) {
    if (r[5] === '') expect(r[6]).toBe('suppressed');
    else expect(Number(r[5]) === 0 || Number(r[5]) >= K).toBe(true);
    const table = r[2] === 'total' ? y.total : y.dimensions[r[2]];
    const j = r[2] === 'total' ? -1 : table.values.indexOf(r[3]);
    const value = r[1] === 'all' ? (j < 0 ? table.period : table.period[j]) : j < 0 ? table.byMonth[y.months.indexOf(r[1])] : table.byMonth[y.months.indexOf(r[1])][j];
    expect(r[5] === '' ? null : Number(r[5])).toBe(value);
  }
  expect(lonely.filter((r) => r[1] === lonelyMonth).every((r) => r[5] === '' && r[6] === 'suppressed')).toBe(true);
});

test('only cases older than the publication delay are counted, once each', async () => {
  let total = 0;
  for (const p of (await getJson('/api/public/stats/periods')).body.periods.filter((p: any) => p.granularity === 'month')) {
    const { body } = await getJson(`/api/public/stats/${p.period}.json`);
    total += body.total.period ?? 0;
  }
  // Month totals hidden (< k) would make the sum smaller; this data has none.
  expect(total).toBe(publishedCount);
});

test('the supervisors report needs a supervisor session; its risk tables hide the lonely report too', async () => {
  expect((await consoleFetch(server.url, `/api/console/reports/${year}`)).status).toBe(401);
  const investigator = await factory.account({ role: 'investigator' });
  expect((await consoleFetch(server.url, `/api/console/reports/${year}`, { cookie: await factory.session(investigator) })).status).toBe(403);
  const supervisor = await factory.account({ role: 'supervisor' });
  const cookie = await factory.session(supervisor);
  expect((await consoleFetch(server.url, '/api/console/reports/2025-13', { cookie })).body.error.code).toBe('invalid_period');

  const { status, body } = await consoleFetch(server.url, `/api/console/reports/${year}`, { cookie });
  expect(status).toBe(200);
  expect(body.risk.quarters.map((q: any) => q.quarter)).toEqual([1, 2, 3, 4].map((q) => `${year}-Q${q}`));
  const q1 = body.risk.quarters[0];
  expect(q1.cells[q1.categories.indexOf('retaliation')][q1.regions.indexOf('KZ-62')]).toBeNull();
  expect(q1.categoryTotals[q1.categories.indexOf('retaliation')]).toBeNull();
  expectNothingRecoverable({ ...body, dims: body.dimensions, quarters: body.risk.quarters });
  expect(Object.keys(body.unitCompliance)).toEqual(expect.arrayContaining([`${year}-Q1`, year]));
  expect(body.unitCompliance[year].some((u: any) => u.unitId.startsWith('aca@') && u.acknowledge.sharePct !== null)).toBe(true);

  const workload = await consoleFetch(server.url, '/api/console/reports/workload', { cookie });
  expect(workload.status).toBe(200);
  expect(workload.body.units.reduce((s: number, u: any) => s + u.open, 0)).toBeGreaterThan(0);
});

test('bad periods get clear errors', async () => {
  expect((await getJson('/api/public/stats/2025-13.json')).body.error.code).toBe('invalid_period');
  expect((await getJson('/api/public/stats/2025.xml')).status).toBe(400);
  const missing = await getJson('/api/public/stats/1999.json');
  expect(missing.status).toBe(404);
  expect(missing.body.error.code).toBe('period_not_found');
});

test('recomputing is idempotent: the same documents, whether by the worker or again in process', async () => {
  const snapshot = async () => (await db.collection('statistics').find({}).sort({ _id: 1 }).toArray()).map((d) => JSON.stringify(d));
  const before = await snapshot();
  await mongoose.connect(uri);
  const policies = new PolicyStore(deployment.rootPublicKey);
  await policies.remember(deployment.signed);
  const first = await computeStatistics({ policies, now });
  const second = await computeStatistics({ policies, now });
  expect(second).toEqual(first);
  expect(await snapshot()).toEqual(before);
  expect(await Statistic.countDocuments()).toBe(before.length);
});
