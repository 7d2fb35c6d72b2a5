import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Env } from '../../config/env';
import type { PolicyStore } from '../../policy/policyStore';
import type { QueueFactory } from '../../queues/queueFactory';
import type { Logger } from '../../logger';
import type { InboxIndex } from '../../inbox/inboxIndex';
import { configureSessions } from '../../middlewares/sessionAuth';
import { consoleAuthRouter } from './auth';
import { consoleCasesRouter } from './cases';
import { consoleRevealRouter } from './reveal';
import { consoleCopiesRouter } from './copies';
import { consoleUnitsRouter } from './units';
import { consoleAdminRouter } from './admin';

/** Everything under /api/console: the investigators' and administrators' API (docs/console.md). */
export function consoleRouter(deps: { env: Env; redis: Redis; policies: PolicyStore; queues: QueueFactory; logger: Logger; inbox: InboxIndex }) {
  configureSessions(deps.env);
  const router = Router();
  router.use('/api/console/auth', consoleAuthRouter(deps));
  router.use('/api/console/cases', consoleRevealRouter(deps));
  router.use('/api/console/cases', consoleCasesRouter(deps));
  router.use('/api/console/copies', consoleCopiesRouter());
  router.use('/api/console/admin', consoleAdminRouter(deps));
  router.use('/api/console', consoleUnitsRouter(deps));
  return router;
}
