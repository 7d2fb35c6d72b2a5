/**
 * Inbox paging: server p50/p99 for one inbox page of 50 cases, out of 10,000 cases in the
 * investigator's units, measured over HTTP against the real API process (session check, unit
 * membership lookup, in-memory selection of the page, JSON). Cases are inserted directly (their
 * crypto is irrelevant to the inbox, which reads plaintext metadata only), then the API starts
 * and reads them all into its inbox rows (server/inbox/inboxIndex.ts): the bench prints that
 * warm-up, the API's memory, and how long a change announced by another process takes to show.
 * Run: source .data/services.env && npx tsx bench/inbox.bench.ts [cases] [requests per scenario]
 * The database is a private FerretDB started for the run; set BENCH_MONGODB_URI to measure a real
 * MongoDB instead. Prints figures, asserts nothing.
 *
 * For comparison the bench also times the inbox's query straight through the driver: FerretDB
 * 1.24 on SQLite pushes down only `_id` equality, so that query decodes every case document;
 * this is why the rows live in memory rather than being queried per page.
 */
import fs from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { cryptoReady } from '../core/crypto';
import { createTestDeployment } from '../tests/support/deployment';
import { startConsoleBenchStack } from './consoleBenchStack';

const CASES = Number(process.argv[2] ?? 10_000);
const REQUESTS = Number(process.argv[3] ?? 30);
const UNITS = ['aca@KZ-75', 'prosecutor@KZ-75'];
const CATEGORIES = ['bribery', 'abuse_of_office', 'procurement', 'conflict_of_interest'];
const REGIONS = ['KZ-75', 'KZ-71', 'KZ-79'];
const STATUSES = ['received', 'acknowledged', 'assessment', 'investigation', 'closed'];
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function get(port: number, path: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent, headers: { cookie } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

const rssMiB = (pid: number) => {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? (Number(line[1]) / 1024).toFixed(0) : '?';
};
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  await cryptoReady();
  const stack = await startConsoleBenchStack('inbox_bench', await createTestDeployment());
  const { db, factory } = stack;
  try {
    const me = await factory.account();
    for (const unit of UNITS) await factory.member(me, unit);
    const cookie = await factory.session(me);
    // One real case (so the indexes exist as the app declares them), then bulk metadata.
    await factory.routedCase({ category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }, { assigneeId: me.id });
    const now = Date.now();
    const dummy = { v: 1, alg: 'xchacha20poly1305-ietf', nonce: 'A'.repeat(32), ct: 'A'.repeat(5482) };
    const loadStarted = performance.now();
    for (let start = 0; start < CASES; start += 1000) {
      const docs = [];
      for (let i = start; i < Math.min(CASES, start + 1000); i++) {
        const due = new Date(now + ((i * 7919) % 60) * 864e5 - 10 * 864e5);
        docs.push({
          _id: randomBytes(16).toString('base64url') as never,
          caseToken: randomBytes(32).toString('base64url'),
          authVerifier: 'x',
          reporterPublicKey: 'x',
          submissionHash: 'x',
          policyVersion: 1,
          routing: { category: CATEGORIES[i % 4], region: REGIONS[i % 3], seniority: 'S2', amount: 'A1', flags: [] },
          confidential: i % 10 === 0,
          body: dummy,
          wraps: [],
          attachments: [],
          status: STATUSES[i % 5],
          routeState: 'routed',
          unitId: UNITS[i % 2],
          assigneeId: i % 3 === 0 ? me.id : 'someone-else',
          deadlines: { acknowledgeBy: due, answerBy: due, feedbackBy: due, nextDue: due },
          overdue: [],
          labels: [],
          recusedIds: [],
          receivedAt: new Date(now - i * 60_000),
          timeline: [{ kind: 'received', at: new Date(now) }],
          messageCount: 0,
          rev: 0,
        });
      }
      await db.collection('cases').insertMany(docs);
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    // The API starts on the full database and reads every case once (timed to the first page).
    const startedAt = performance.now();
    const server = await stack.startServer();
    const port = Number(new URL(server.url).port);
    const firstPage = await get(port, '/api/console/cases?pageSize=50', cookie);
    if (firstPage.status !== 200) throw new Error(`first page: ${firstPage.status} ${firstPage.body}`);
    const warmSeconds = (performance.now() - startedAt) / 1000;
    const scenarios: [string, string][] = [
      ['open cases, page 1', '/api/console/cases?pageSize=50'],
      ['open cases, page 40', '/api/console/cases?pageSize=50&page=40'],
      ['status + category', '/api/console/cases?pageSize=50&status=received&category=bribery'],
      ['overdue, assigned to me', '/api/console/cases?pageSize=50&deadline=overdue&mine=1'],
      ['one unit, one region', '/api/console/cases?pageSize=50&unit=aca%40KZ-75&region=KZ-71'],
    ];
    const baseline: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await get(port, '/api/console/auth/me', cookie);
      baseline.push(performance.now() - t0);
    }
    baseline.sort((a, b) => a - b);
    console.log(`Inbox: ${CASES} cases in the investigator's units (${UNITS.join(', ')}), ${REQUESTS} sequential requests per scenario`);
    console.log(`  database: ${process.env.BENCH_MONGODB_URI ? 'BENCH_MONGODB_URI' : 'private FerretDB 1.24 (SQLite)'}; ${CASES} cases inserted in ${loadSeconds.toFixed(1)} s`);
    console.log(`  API start to first page (reads every case into the inbox rows): ${warmSeconds.toFixed(1)} s; API resident memory ${rssMiB(server.child.pid!)} MiB`);
    console.log(`  ${'session only (/auth/me)'.padEnd(26)}         p50 ${pct(baseline, 50).toFixed(1).padStart(6)} ms   p99 ${pct(baseline, 99).toFixed(1).padStart(6)} ms`);
    // The same query straight through the driver, without the API: isolates the database's share.
    const direct: number[] = [];
    for (let i = 0; i < Math.min(REQUESTS, 10); i++) {
      const t0 = performance.now();
      await db.collection('cases').find({ unitId: { $in: UNITS }, status: { $ne: 'closed' } }, { projection: { routing: 1, status: 1 } }).sort({ 'deadlines.nextDue': 1, _id: 1 }).limit(51).toArray();
      direct.push(performance.now() - t0);
    }
    direct.sort((a, b) => a - b);
    console.log(`  ${'database alone (driver)'.padEnd(26)}         p50 ${pct(direct, 50).toFixed(1).padStart(6)} ms   p99 ${pct(direct, 99).toFixed(1).padStart(6)} ms`);
    for (const [name, path] of scenarios) {
      for (let i = 0; i < 2; i++) await get(port, path, cookie);
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const t0 = performance.now();
        const res = await get(port, path, cookie);
        times.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body}`);
        rows = JSON.parse(res.body).items.length;
      }
      times.sort((a, b) => a - b);
      console.log(`  ${name.padEnd(26)} ${String(rows).padStart(2)} rows   p50 ${pct(times, 50).toFixed(1).padStart(6)} ms   p99 ${pct(times, 99).toFixed(1).padStart(6)} ms`);
    }
    // A change written by another process and announced: how long until the inbox shows it.
    const fresh: number[] = [];
    const unitPage = `/api/console/cases?pageSize=50&unit=${encodeURIComponent(UNITS[0])}`;
    const targetId: string = JSON.parse((await get(port, unitPage, cookie)).body).items[0].id;
    for (let i = 0; i < 10; i++) {
      const label = i % 2 ? 'urgent' : 'criminal_signs';
      await db.collection('cases').updateOne({ _id: targetId as never }, { $set: { labels: [label] } });
      const t0 = performance.now();
      await factory.caseChanged(targetId);
      for (;;) {
        const row = JSON.parse((await get(port, unitPage, cookie)).body).items.find((r: { id: string }) => r.id === targetId);
        if (row?.labels?.[0] === label) break;
      }
      fresh.push(performance.now() - t0);
    }
    fresh.sort((a, b) => a - b);
    console.log(`  ${'announced change visible'.padEnd(26)}         p50 ${pct(fresh, 50).toFixed(1).padStart(6)} ms   p99 ${pct(fresh, 99).toFixed(1).padStart(6)} ms   (update by another process → next page shows it)`);
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
