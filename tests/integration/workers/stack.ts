import mongoose from 'mongoose';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, startWorkers, type Spawned } from '../../support/processes';
import { buildReport, submit, type BuiltReport } from '../../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import type { RoutingMetadata } from '../../../core/routing';
import { Membership } from '../../../server/models/Membership';
import { Case } from '../../../server/models/Case';
import { PolicyStore } from '../../../server/policy/policyStore';
import { QueueFactory } from '../../../server/queues/queueFactory';
import { createLogger } from '../../../server/logger';
import { randomId } from '../../../server/infra/ids';
import type { WorkerContext } from '../../../workers/context';

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

export const startApi = (env: Record<string, string>) => startServer(env);
export const startWorkerProcess = (env: Record<string, string>) => startWorkers(env);

/** Polls until `check` returns a truthy value, or fails with the last value after the timeout. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000, stepMs = 200): Promise<T> {
  const started = Date.now();
  let last: T = await check();
  while (!last && Date.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, stepMs));
    last = await check();
  }
  return last;
}

/** Submits reports with at most `concurrency` in flight; returns the HTTP status of each. */
export async function submitAll(url: string, reports: BuiltReport[], concurrency = 8): Promise<number[]> {
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
        // A client retries what the server could not take (503 while a service is down).
        if ((statuses[i] !== 503 && statuses[i] !== 0) || attempt > 200) break;
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
  };
  return { ctx, clock, ready: () => policies.remember(stack.deployment.signed) };
}

/** Stores a case as the intake would (without HTTP): routing metadata, sealed body, wraps. */
export async function insertCase(deployment: TestDeployment, routing: RoutingMetadata, receivedAt: Date, over: Record<string, unknown> = {}) {
  const { submission } = buildReport(deployment, routing, 'sealed text', { fast: true });
  const _id = randomId();
  await Case.create({
    _id,
    caseToken: submission.caseToken,
    authVerifier: submission.authVerifier,
    reporterPublicKey: submission.reporterPublicKey,
    submissionHash: randomId(),
    policyVersion: submission.policyVersion,
    routing,
    body: submission.body,
    wraps: submission.wraps,
    receivedAt,
    timeline: [{ kind: 'received', at: receivedAt, status: 'received' }],
    ...over,
  });
  return _id;
}
