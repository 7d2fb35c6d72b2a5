import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { buildReport, proofOfWork, submit } from '../../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { deriveCaseSecrets, formatCaseCode, generateCaseCode } from '../../../core/crypto';
import type { RoutingMetadata } from '../../../core/routing';
import { CaseNotFoundError, openCase, type OpenCaseStep } from '../../../client/reporter/flow/caseAccess';

const BRIBERY: RoutingMetadata = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };

/**
 * Case-code KDF version 2 and the fallback to version 1: the portal's own openCase
 * (client/reporter/flow/caseAccess.ts) against the real server, FerretDB and Redis. Only the
 * page's relative URLs are turned into absolute ones (Node's fetch has no page origin).
 */
describe('opening a case by code: KDF version 2 first, then version 1', () => {
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    deployment = await createTestDeployment();
    server = await startServer({ MONGODB_URI: mongoUriFor(uniqueName('kdfv')), REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '4', ...deployment.env });
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) =>
      realFetch(typeof input === 'string' && input.startsWith('/') ? `${server.url}${input}` : input, init)) as typeof fetch;
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await server?.stop();
  });

  /** Submits a report whose secrets come from `code` with the given KDF version, as that version's portal did. */
  async function caseMadeWith(kdfVersion: 1 | 2, text: string) {
    const code = generateCaseCode();
    const secrets = deriveCaseSecrets(code, deployment.policy.deploymentSalt, kdfVersion);
    const report = buildReport(deployment, BRIBERY, text, { secrets });
    expect((await submit(server.url, report)).status).toBe(201);
    return { code, secrets };
  }

  async function open(code: string) {
    const steps: string[] = [];
    const onStep = (s: OpenCaseStep) => steps.push(`${s.kind} v${s.kdfVersion} (${s.attempt}/${s.attempts})`);
    const opened = await openCase(deployment.policy, code as never, () => undefined, () => proofOfWork(server.url, 'status'), onStep);
    return { opened, steps };
  }

  test('a version-1 case (made the old way) opens through the fallback, each ask with its own proof of work', async () => {
    const { code, secrets } = await caseMadeWith(1, 'Version one: the old 64 MiB derivation.');
    const { opened, steps } = await open(formatCaseCode(code));
    expect(steps).toEqual(['derive v2 (1/2)', 'ask v2 (1/2)', 'derive v1 (2/2)', 'ask v1 (2/2)']);
    expect(opened.secrets.caseToken).toBe(secrets.caseToken);
    expect(Buffer.from(opened.secrets.dek).equals(Buffer.from(secrets.dek))).toBe(true);
    expect(opened.view.status).toBe('received');
  });

  test('a version-2 case opens at the first ask; version 1 is never derived', async () => {
    const { code, secrets } = await caseMadeWith(2, 'Version two: one pass over 8 MiB.');
    expect(deriveCaseSecrets(code, deployment.policy.deploymentSalt).caseToken).toBe(secrets.caseToken); // 2 is the default
    const { opened, steps } = await open(code);
    expect(steps).toEqual(['derive v2 (1/2)', 'ask v2 (1/2)']);
    expect(opened.secrets.caseToken).toBe(secrets.caseToken);
  });

  test('the two versions give unrelated secrets for one code, so a case answers to exactly one', async () => {
    const code = generateCaseCode();
    const v1 = deriveCaseSecrets(code, deployment.policy.deploymentSalt, 1);
    const v2 = deriveCaseSecrets(code, deployment.policy.deploymentSalt, 2);
    expect(v2.caseToken).not.toBe(v1.caseToken);
    expect(Buffer.from(v2.dek).equals(Buffer.from(v1.dek))).toBe(false);
  });

  test('a code without a case is asked under both versions, then reported as not found', async () => {
    const steps: string[] = [];
    await expect(openCase(deployment.policy, generateCaseCode(), () => undefined, () => proofOfWork(server.url, 'status'), (s) => steps.push(s.kind))).rejects.toBeInstanceOf(CaseNotFoundError);
    expect(steps).toEqual(['derive', 'ask', 'derive', 'ask']);
  });
});
