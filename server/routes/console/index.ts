import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Env } from '../../config/env';
import type { PolicyStore } from '../../policy/policyStore';
import { configureSessions } from '../../middlewares/sessionAuth';
import { consoleAuthRouter } from './auth';
import { consoleCasesRouter } from './cases';
import { consoleUnitsRouter } from './units';
import { consoleAdminRouter } from './admin';

/** Everything under /api/console: the investigators' and administrators' API (docs/console.md). */
export function consoleRouter(deps: { env: Env; redis: Redis; policies: PolicyStore }) {
  configureSessions(deps.env);
  const router = Router();
  router.use('/api/console/auth', consoleAuthRouter(deps));
  router.use('/api/console/cases', consoleCasesRouter(deps));
  router.use('/api/console/admin', consoleAdminRouter(deps));
  router.use('/api/console', consoleUnitsRouter(deps));
  return router;
}
