import express from 'express';
import type { Redis } from 'ioredis';
import type { Env } from './config/env';
import type { Logger } from './logger';
import type { QueueFactory } from './queues/queueFactory';
import { securityHeaders } from './middlewares/securityHeaders';
import { requestLog } from './middlewares/requestLog';
import { BucketLog } from './bucketLog';
import { errorHandler, notFoundHandler } from './middlewares/errorHandler';
import { clientFiles } from './middlewares/clientFiles';
import { rejectOperatorKeys } from './middlewares/rejectOperatorKeys';
import { healthRouter } from './routes/health';
import { reportsRouter } from './routes/reports';
import { reporterIdentityRouter } from './routes/reporterIdentity';
import { consoleRouter } from './routes/console';
import { publicStatsRouter } from './routes/publicStats';
import { consoleReportsRouter } from './routes/console/reports';
import { noJsRouter } from './noJs/router';
import type { PolicyStore } from './policy/policyStore';
import type { InboxIndex } from './inbox/inboxIndex';

export type AppDeps = {
  env: Env;
  logger: Logger;
  /** Connection for request-time Redis commands (fails fast). */
  redis: Redis;
  queues: QueueFactory;
  policies: PolicyStore;
  /** Inbox rows in memory, refreshed on case changes (server/inbox/inboxIndex.ts). */
  inbox: InboxIndex;
};

/** Builds the express app: security headers first, then routers by audience, then errors. */
export function createApp(deps: AppDeps) {
  const app = express();
  // Behind a proxy this stays off: we never want to learn the client address, even from a header.
  app.set('trust proxy', false);
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(securityHeaders());
  // Reporters' requests and the lines their handlers log are held until the rounding bucket ends.
  const reporterLog = new BucketLog({ level: deps.env.LOG_LEVEL, name: 'server', roundingMinutes: () => deps.policies.forClocks().then((p) => p.policy.timeRoundingMinutes) });
  const reporterDeps = { ...deps, logger: reporterLog.logger };
  app.use(requestLog(deps.logger, reporterLog));
  app.use(express.json({ limit: deps.env.JSON_BODY_LIMIT, strict: true }));
  app.use(rejectOperatorKeys);

  app.use(healthRouter(deps.redis));
  // API answers are never cached by a browser or proxy: they may carry case data.
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(reportsRouter(reporterDeps));
  app.use(reporterIdentityRouter(reporterDeps));
  // The reporter's path without JavaScript (Tor Browser "Safest"): HTML forms under /nojs.
  app.use(noJsRouter(reporterDeps));
  app.use(publicStatsRouter(deps.env));
  app.use('/api/console/reports', consoleReportsRouter());
  app.use(consoleRouter(deps));
  app.use(clientFiles(deps.env.CLIENT_DIST));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger, reporterLog));
  return app;
}
