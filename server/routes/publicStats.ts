import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../schemas/common';
import { readPeriodIndex, readPublicPeriod } from '../statistics/store';
import { openDataCsv, openDataJson } from '../statistics/views';

/** "2025.json", "2025-03.csv": a stable URL per period and format. */
const FileParams = z.strictObject({
  file: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?\.(json|csv)$/, 'expected <YYYY or YYYY-MM>.json or .csv'),
});

// Published figures change at most once a day; a short public cache spares the database.
const CACHE = 'public, max-age=300';

/**
 * Open data (anonymous, no cookies): the published statistics as JSON and CSV, already
 * suppressed by the statistics task. Schema and method: docs/statistics.md.
 */
export function publicStatsRouter() {
  const router = Router();

  router.get('/api/public/stats/periods', async (_req, res) => {
    res.setHeader('Cache-Control', CACHE);
    res.json(await readPeriodIndex());
  });

  router.get('/api/public/stats/:file', async (req, res) => {
    const { file } = parseInput(FileParams, req.params, 'invalid_period');
    const [period, format] = file.split('.');
    const { meta, counts, compliance } = await readPublicPeriod(period);
    res.setHeader('Cache-Control', CACHE);
    if (format === 'json') return void res.json(openDataJson(meta, counts, compliance));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `inline; filename="clearchannel-statistics-${period}.csv"`);
    res.send(openDataCsv(meta, counts, compliance));
  });

  return router;
}
