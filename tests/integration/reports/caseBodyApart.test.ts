import mongoose from 'mongoose';
import { Case } from '../../../server/models/Case';
import { CaseBody, caseBodyOf, storeCaseBody } from '../../../server/models/CaseBody';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { buildReport, submit } from '../../support/reporterClient';
import { caseIdOfToken } from '../../../server/infra/caseKeys';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';

/**
 * The sealed body lives in its own collection, so the case document that every routing and
 * console update rewrites (and that the embedded engine scans on each update) stays small.
 */
describe('case body apart from the case document', () => {
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  const sealed = (ct: string) => ({ v: 1, alg: 'xchacha20poly1305', nonce: 'n'.repeat(32), ct });

  beforeAll(async () => {
    deployment = await createTestDeployment();
    const uri = mongoUriFor(uniqueName('casebody'));
    await mongoose.connect(uri);
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '1', ...deployment.env });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
  });

  it('stores a submitted body in caseBodies, not in the case, and the case stays small', async () => {
    const report = buildReport(deployment, { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }, 'x'.repeat(5000), { fast: true });
    expect((await submit(server.url, report)).status).toBe(201);
    const caseId = (await caseIdOfToken(report.submission.caseToken))!;
    const stored = await Case.findById(caseId).lean<Record<string, unknown>>();
    expect(stored!.body).toBeUndefined();
    expect(await caseBodyOf(caseId)).toEqual(report.submission.body);
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(report.submission.body).length);
    // A retry of the same submission stores nothing more.
    expect((await submit(server.url, report)).status).toBe(200);
    expect(await CaseBody.countDocuments({ _id: caseId })).toBe(1);
  });

  it('keeps a body stored by an attempt that stopped before its case, and replaces it for a different report', async () => {
    const id = uniqueName('orphan');
    await storeCaseBody(id, sealed('first'));
    await storeCaseBody(id, sealed('first'));
    expect((await caseBodyOf(id))!.ct).toBe('first');
    await storeCaseBody(id, sealed('second'));
    expect((await caseBodyOf(id))!.ct).toBe('second');
    expect(await CaseBody.countDocuments({ _id: id })).toBe(1);
  });

  it('reads an older case whose body is inside the case document', async () => {
    expect(await caseBodyOf('no-such-case', sealed('legacy'))).toEqual(sealed('legacy'));
    expect(await caseBodyOf('no-such-case')).toBeNull();
  });
});
