import { engineCapacity, type EngineCapacity } from '../../server/infra/engineCapacity';
import { DEFAULT_ENGINE_CASE_LIMIT } from '../../server/config/env';
import type { WorkerContext } from '../context';

/**
 * Runs with the hourly statistics job: on the embedded engine near its limit, one warning line
 * in the worker log per run, saying what to do. The administration page shows the same
 * (GET /api/console/admin/engine).
 */
export async function checkEngineCapacity(ctx: WorkerContext): Promise<EngineCapacity> {
  const capacity = await engineCapacity(ctx.env.ENGINE_CASE_LIMIT ?? DEFAULT_ENGINE_CASE_LIMIT);
  if (capacity.near) {
    ctx.logger.warn(
      { cases: capacity.cases, limit: capacity.limit },
      'embedded database engine near its limit: routing and console actions slow down as cases accumulate; move to MongoDB (docs/operations.md, "Moving to MongoDB": backup, restore into MongoDB, set MONGODB_URI)',
    );
  }
  return capacity;
}
