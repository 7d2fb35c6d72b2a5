import { startPrivateFerret, startPrivateRedis, startServer } from '../support/processes';

/** /readyz follows the backing services: 503 while one is down, 200 again once it is back. */
describe('readiness follows MongoDB and Redis', () => {
  it('turns 503 when Redis or the database stops and 200 after each restart', async () => {
    let redis = await startPrivateRedis();
    let ferret = await startPrivateFerret();
    const server = await startServer({ MONGODB_URI: ferret.uri, REDIS_URL: redis.url });
    const ready = async () => {
      const res = await fetch(`${server.url}/readyz`);
      return { status: res.status, body: await res.json() };
    };
    const eventually = async (status: number, timeoutMs = 20_000) => {
      const started = Date.now();
      let last = await ready();
      while (last.status !== status && Date.now() - started < timeoutMs) {
        await new Promise((r) => setTimeout(r, 250));
        last = await ready();
      }
      return last;
    };
    try {
      expect((await eventually(200)).status).toBe(200);

      await redis.stop('SIGKILL');
      const noRedis = await eventually(503);
      expect(noRedis.status).toBe(503);
      expect(noRedis.body).toMatchObject({ error: { code: 'not_ready' }, checks: { redis: 'down', mongodb: 'up' } });
      redis = await startPrivateRedis(redis.port);
      expect((await eventually(200)).status).toBe(200);

      await ferret.stop('SIGKILL');
      const noDb = await eventually(503);
      expect(noDb.body).toMatchObject({ checks: { mongodb: 'down', redis: 'up' } });
      ferret = await startPrivateFerret(ferret.dataDir, ferret.port);
      expect((await eventually(200, 30_000)).status).toBe(200);
    } finally {
      await server.stop();
      await redis.stop();
      await ferret.stop();
    }
  });
});
