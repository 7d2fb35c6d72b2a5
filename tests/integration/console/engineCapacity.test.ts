import mongoose from 'mongoose';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';
import { consoleFetch } from '../../support/consoleFactory';
import { checkEngineCapacity } from '../../../workers/monitoring/engineCapacityCheck';
import type { WorkerContext } from '../../../workers/context';

/**
 * The embedded engine's limit is stated where an operator looks: the administration page's
 * GET /api/console/admin/engine and a warning line in the worker log, from 80 % of
 * ENGINE_CASE_LIMIT. Here the engine is FerretDB (embedded), with a limit of 100 cases.
 */
describe('embedded engine near its limit', () => {
  let t: ConsoleTestServer;
  let adminCookie: string;
  let memberCookie: string;
  const fill = (n: number) => t.db.collection('cases').insertMany(Array.from({ length: n }, (_, i) => ({ _id: `filler-${Date.now()}-${i}` as never, caseToken: `filler-${Math.random()}` })));

  beforeAll(async () => {
    t = await startConsoleServer('engine', { ENGINE_CASE_LIMIT: '100' });
    adminCookie = await t.factory.session(await t.factory.account({ role: 'admin' }));
    memberCookie = await t.factory.session(await t.factory.account());
    await mongoose.connect(t.uri);
  }, 120_000);
  afterAll(async () => {
    await mongoose.disconnect();
    await t?.stop();
  });

  it('says nothing below 80 % of the limit, then warns on the administration page and in the worker log', async () => {
    const warnings: unknown[][] = [];
    const ctx = { env: { ENGINE_CASE_LIMIT: 100 }, logger: { warn: (...args: unknown[]) => warnings.push(args) } } as unknown as WorkerContext;

    await fill(79);
    const below = await consoleFetch(t.server.url, '/api/console/admin/engine', { cookie: adminCookie });
    expect(below.status).toBe(200);
    expect(below.body).toEqual({ engine: 'embedded', cases: 79, limit: 100, near: false });
    expect((await checkEngineCapacity(ctx)).near).toBe(false);
    expect(warnings).toHaveLength(0);

    await fill(1);
    const near = await consoleFetch(t.server.url, '/api/console/admin/engine', { cookie: adminCookie });
    expect(near.body).toEqual({ engine: 'embedded', cases: 80, limit: 100, near: true });
    expect((await checkEngineCapacity(ctx)).near).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0][1])).toMatch(/move to MongoDB/);
    expect(warnings[0][0]).toEqual({ cases: 80, limit: 100 });
  });

  it('is for administrators only', async () => {
    expect((await consoleFetch(t.server.url, '/api/console/admin/engine', { cookie: memberCookie })).status).toBe(403);
  });
});
