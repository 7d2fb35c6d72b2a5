import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../../schemas/common';
import { requireSession } from '../../middlewares/sessionAuth';
import { readPeriodIndex, readSupervisorReport } from '../../statistics/store';
import { readNationalWorkload } from '../../statistics/workload';

const PeriodParams = z.strictObject({ period: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'expected YYYY or YYYY-MM') });

/**
 * The national anti-corruption report for supervisors (and administrators): the published
 * figures plus the category × region risk tables and deadline compliance per unit, all from
 * the same suppressed aggregates; and the live figures that stay behind authentication
 * (open and overdue cases per unit). Mounted at /api/console/reports.
 */
export function consoleReportsRouter() {
  const router = Router();
  router.use(requireSession({ roles: ['supervisor', 'admin'] }));

  router.get('/periods', async (_req, res) => {
    res.json(await readPeriodIndex());
  });

  router.get('/workload', async (_req, res) => {
    res.json(await readNationalWorkload());
  });

  router.get('/:period', async (req, res) => {
    const { period } = parseInput(PeriodParams, req.params, 'invalid_period');
    res.json(await readSupervisorReport(period));
  });

  return router;
}
