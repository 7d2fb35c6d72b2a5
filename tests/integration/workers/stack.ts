import { publishCaseChanged } from '../../../server/inbox/caseChanges';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { freePort, spawnLogged, startPrivateRedis, startServer, startWorkers, waitForPort } from '../../support/processes';
import { buildReport, submit, type BuiltReport } from '../../support/reporterClient';
import { FERRETDB_BIN, REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import type { RoutingMetadata } from '../../../core/routing';
import { Membership } from '../../../server/models/Membership';
import { Case } from '../../../server/models/Case';
import { storeCaseBody } from '../../../server/models/CaseBody';
import { AuditEvent } from '../../../server/models/AuditEvent';
import { heldAudit } from '../../../server/audit/heldAudit';
import { PolicyStore } from '../../../server/policy/policyStore';
import { QueueFactory } from '../../../server/queues/queueFactory';
import { createLogger } from '../../../server/logger';
import { randomId } from '../../../server/infra/ids';
import type { WorkerContext } from '../../../workers/context';
import { owedEffects } from '../../../workers/routeEffects';
import { eventually, pollUntil } from '../../support/polling';

/** A deployment, a database and a queue prefix of the test's own, and the env both processes get. */
export async function testStack(label: string, extraEnv: Record<string, string> = {}, mongoUri?: string, redisUrl = REDIS_URL) {
  const deployment = await createTestDeployment();
  const uri = mongoUri ?? mongoUriFor(uniqueName(label));
  const prefix = uniqueName('q');
  const env = {
    MONGODB_URI: uri,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    POW_DIFFICULTY: '1',
    LOG_LEVEL: 'warn',
    RECONCILE_AFTER_SECONDS: '2',
    RECONCILE_EVERY_SECONDS: '2',
    WORKER_LOCK_SECONDS: '5',
    ...deployment.env,
    ...extraEnv,
  };
  return { deployment, uri, prefix, env };
}

/** The API and worker processes, one node process each (tests/support/processes.ts). */
export const startApi = (env: Record<string, string>) => startServer(env);
export const startWorkerProcess = (env: Record<string, string>) => startWorkers(env);

/**
 * What every fault test runs on: a private FerretDB (and, if asked, a private Redis) it may
 * kill, a test stack, staffed units, the API and a worker process. `stop()` tears it all down.
 * The handles are mutable so a test can replace a process it restarted.
 */
export async function startBurstStack(label: string, env: Record<string, string>, options: { membersPerUnit: number; privateRedis?: boolean }) {
  const redis = options.privateRedis ? await startPrivateRedis() : undefined;
  const ferret = await startFaultFerret();
  const stack = await testStack(label, { POW_DIFFICULTY: '0', ...env }, ferret.uri, redis?.url);
  await connectTestDb(stack.uri);
  await seedMembers(BURST_STAFFED_UNITS, options.membersPerUnit);
  const handles = { redis, ferret, stack, server: await startApi(stack.env), workers: await startWorkerProcess(stack.env) };
  return Object.assign(handles, {
    async stop() {
      if (process.env.SHOW_LOGS) console.log(handles.server.output(), handles.workers.output());
      await handles.workers.stop();
      await handles.server.stop();
      await mongoose.connection.dropDatabase().catch(() => {});
      await mongoose.disconnect();
      await handles.ferret.stop();
      await handles.redis?.stop();
    },
  });
}

/** Waits (up to 2 min) until the reconciler has settled counters and leftovers, then returns the invariants. */
export function settledInvariants() {
  const settled = (i: Awaited<ReturnType<typeof routingInvariants>>) => i.countersWrong.length === 0 && i.pendingCountsLeft === 0 && i.effectsLeft === 0;
  return pollUntil(routingInvariants, settled, 120_000, 5000);
}

export { eventually };

/** Submits reports with at most `concurrency` in flight; returns the HTTP status of each. */
export async function submitAll(url: string, reports: BuiltReport[], concurrency = 8, seen: number[] = []): Promise<number[]> {
  const statuses: number[] = new Array(reports.length);
  let next = 0;
  const lane = async () => {
    while (next < reports.length) {
      const i = next++;
      for (let attempt = 0; ; attempt++) {
        try {
          statuses[i] = (await submit(url, reports[i])).status;
        } catch {
          statuses[i] = 0;
        }
        seen.push(statuses[i]);
        // A client retries what the server could not take (503 while a service is down, a proof
        // of work lost with Redis): the same report again, so a stored one answers 200.
        if (statuses[i] === 200 || statuses[i] === 201 || attempt > 400) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return statuses;
}

/** Builds `n` fast reports cycling through the routings given. */
export function manyReports(deployment: TestDeployment, routings: RoutingMetadata[], n: number): BuiltReport[] {
  return Array.from({ length: n }, (_, i) => buildReport(deployment, routings[i % routings.length], `report ${i}`, { fast: true }));
}

/** Active members for units, `perUnit` each, ids `<unit>#<i>`. */
export async function seedMembers(units: string[], perUnit = 2, role: 'member' | 'supervisor' = 'member') {
  for (const unitId of units) {
    for (let i = 0; i < perUnit; i++) {
      const investigatorId = `inv-${unitId.replace(/[@-]/g, '_')}-${role[0]}${i}`;
      await Membership.create({ _id: `${investigatorId}.m`, unitId, investigatorId, role, active: true, openCases: 0 });
    }
  }
}

export async function caseOf(report: BuiltReport) {
  return Case.findOne({ caseToken: report.secrets.caseToken }).lean<Record<string, any>>();
}

export async function connectTestDb(uri: string) {
  mongoose.set('bufferCommands', false);
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 3000 });
  await Promise.all([Case.init(), Membership.init()]);
}

/** A worker context in the test process, with a clock the test moves. */
export function testContext(stack: { deployment: TestDeployment; prefix: string; env: Record<string, string> }, connection: import('ioredis').Redis) {
  const clock = { now: new Date() };
  const policies = new PolicyStore(stack.deployment.rootPublicKey);
  const ctx: WorkerContext = {
    env: { RECONCILE_AFTER_SECONDS: 1, WORKER_LOCK_SECONDS: 5, SMTP_FROM: 'cc <cc@localhost>', CONSOLE_URL: undefined },
    logger: createLogger('silent', 'test'),
    policies,
    queues: new QueueFactory(connection, stack.prefix),
    now: () => clock.now,
    reconcileSeen: new Map(),
    caseChanged: (...ids) => publishCaseChanged(connection, stack.prefix, ...ids),
  };
  return { ctx, clock, ready: () => policies.remember(stack.deployment.signed) };
}

/** Stores a case as the intake would (without HTTP): routing metadata, sealed body, wraps. */
export async function insertCase(deployment: TestDeployment, routing: RoutingMetadata, receivedAt: Date, over: Record<string, unknown> = {}) {
  const { submission } = buildReport(deployment, routing, 'sealed text', { fast: true });
  const _id = randomId();
  await storeCaseBody(_id, submission.body); // as the intake stores it: apart from the case
  await Case.create({
    _id,
    caseToken: submission.caseToken,
    authVerifier: submission.authVerifier,
    reporterPublicKey: submission.reporterPublicKey,
    submissionHash: randomId(),
    policyVersion: submission.policyVersion,
    routing,
    wraps: submission.wraps,
    receivedAt,
    timeline: [{ kind: 'received', at: receivedAt, status: 'received' }],
    ...over,
  });
  return _id;
}

/** Routings for bursts: members exist in the first three units, none in the others. */
export const BURST_ROUTINGS: RoutingMetadata[] = [
  { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] },
  { category: 'procurement', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] },
  { category: 'ethics', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] },
  { category: 'tax_customs', region: 'KZ-71', seniority: 'S3', amount: 'A0', flags: [] },
  { category: 'other', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] },
  { category: 'land_agri', region: 'KZ-47', seniority: 'S3', amount: 'A0', flags: [] },
];
export const BURST_STAFFED_UNITS = ['aca@KZ-75', 'fin_control@KZ-75', 'ethics@KZ-75'];

/**
 * The invariants after a burst: every stored case routed, its effects finished, exactly one
 * 'routed' audit entry per case (in its chain and in its unit's, or held for both until the
 * end of its rounding bucket), and every member's open-case
 * counter equal to the cases assigned to them.
 */
export async function routingInvariants() {
  const cases = await Case.find({}, { routeState: 1, unitId: 1, assigneeId: 1, caseToken: 1 }).lean<
    { _id: string; routeState: string; unitId?: string; assigneeId?: string; caseToken: string }[]
  >();
  const routedEntries = await AuditEvent.find({ action: 'routed' }, { scope: 1, details: 1 }).lean<{ scope: string; details: { caseId?: string } }[]>();
  const perCase = new Map<string, number>();
  const perCaseInUnit = new Map<string, number>();
  for (const e of routedEntries) {
    if (e.scope.startsWith('case:')) perCase.set(e.scope.slice(5), (perCase.get(e.scope.slice(5)) ?? 0) + 1);
    else if (e.details.caseId) perCaseInUnit.set(e.details.caseId, (perCaseInUnit.get(e.details.caseId) ?? 0) + 1);
  }
  // Entries held for the end of their rounding bucket (server/audit/heldAudit.ts) go to both chains then.
  for (const h of await heldAudit().find({ action: 'routed' }).toArray()) {
    perCase.set(h.caseId, (perCase.get(h.caseId) ?? 0) + 1);
    if (h.unitId) perCaseInUnit.set(h.caseId, (perCaseInUnit.get(h.caseId) ?? 0) + 1);
  }
  const members = await Membership.find({}, { unitId: 1, investigatorId: 1, openCases: 1, pendingCounts: 1 }).lean<
    { unitId: string; investigatorId: string; openCases: number; pendingCounts: string[] }[]
  >();
  const held = (m: { unitId: string; investigatorId: string }) => cases.filter((c) => c.unitId === m.unitId && c.assigneeId === m.investigatorId).length;
  return {
    cases: cases.length,
    distinctTokens: new Set(cases.map((c) => c.caseToken)).size,
    unrouted: cases.filter((c) => c.routeState !== 'routed').length,
    effectsLeft: await owedEffects().countDocuments({}),
    routedOnceInCase: cases.filter((c) => perCase.get(c._id) === 1).length,
    routedOnceInUnit: cases.filter((c) => perCaseInUnit.get(c._id) === 1).length,
    assigned: cases.filter((c) => c.assigneeId).length,
    openCasesSum: members.reduce((a, m) => a + m.openCases, 0),
    countersWrong: members.filter((m) => m.openCases !== held(m)).map((m) => `${m.investigatorId}: ${m.openCases} != ${held(m)}`),
    pendingCountsLeft: members.reduce((a, m) => a + (m.pendingCounts?.length ?? 0), 0),
  };
}

/** Waits until every stored case is routed with its effects done (or the timeout). */
export async function allRouted(expected: number, timeoutMs = 90_000) {
  return eventually(async () => {
    // Pending cases first: the cheap answer while routing is still under way.
    if ((await Case.findOne({ routeState: 'pending' }, { _id: 1 }).lean()) !== null) return false;
    return (await owedEffects().countDocuments({})) === 0 && (await Case.countDocuments({ routeState: 'routed' })) >= expected;
  }, timeoutMs, 3000);
}

/**
 * A private FerretDB for the fault tests (restartable, and away from the shared one that other
 * test files load), its SQLite in WAL mode with synchronous=NORMAL: commits survive a killed
 * FerretDB process (not a power cut), which is what these tests kill.
 */
export async function startFaultFerret(dataDir?: string, port?: number) {
  const p = port ?? (await freePort());
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ferret-fault-'));
  const url = `file:${dir}/?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)&_pragma=synchronous(normal)`;
  const proc = spawnLogged(
    FERRETDB_BIN,
    ['--handler=sqlite', `--sqlite-url=${url}`, `--state-dir=${dir}`, `--listen-addr=127.0.0.1:${p}`, '--debug-addr=-', '--telemetry=disable', '--log-level=ERROR'],
    process.env,
    dir,
  );
  await waitForPort(p);
  return Object.assign(proc, { port: p, dataDir: dir, uri: `mongodb://127.0.0.1:${p}/${uniqueName('fault')}` });
}
