import { Router } from 'express';
import type { Redis } from 'ioredis';
import { pingMongo } from '../infra/mongo';
import { pingRedis } from '../infra/redis';

/** `/healthz`: the process is up. `/readyz`: MongoDB and Redis both answer, else 503. */
export function healthRouter(redis: Redis) {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [mongodb, redisOk] = await Promise.all([pingMongo(), pingRedis(redis)]);
    const checks = { mongodb: mongodb ? 'up' : 'down', redis: redisOk ? 'up' : 'down' };
    if (mongodb && redisOk) return res.json({ status: 'ready', checks });
    res.status(503).json({ error: { code: 'not_ready', message: 'A backing service is unavailable.' }, checks });
  });
  return router;
}
