import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../schemas/common';
import { readPeriodIndex, readPublicPeriod } from '../statistics/store';
import { openDataCsv, openDataJson } from '../statistics/views';
import { anchorsCsv, readPublishedAnchors } from '../statistics/publicAnchors';
import { anchorPublicKey } from '../audit/anchors';
import { cryptoReady } from '../../core/crypto';
import { consoleSecrets, type SecretEnv } from '../commands/console/serverSecrets';

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
export function publicStatsRouter(env?: SecretEnv) {
  const router = Router();
  // Computed on first use: the crypto backend is ready by then (cryptoReady at start).
  let publicKey: string | null | undefined;
  const anchorKey = async () => {
    await cryptoReady();
    const secrets = env && consoleSecrets(env);
    return (publicKey ??= secrets ? anchorPublicKey(secrets) : null);
  };

  // The audit trail's signed anchors (docs/statistics.md §Audit anchors): copies kept outside
  // make a rewrite of the trail visible. Before `:file`, whose pattern they do not match anyway.
  router.get('/api/public/stats/anchors.json', async (_req, res) => {
    res.setHeader('Cache-Control', CACHE);
    res.json(await readPublishedAnchors(await anchorKey()));
  });
  router.get('/api/public/stats/anchors.csv', async (_req, res) => {
    res.setHeader('Cache-Control', CACHE);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'inline; filename="clearchannel-audit-anchors.csv"');
    res.send(anchorsCsv(await readPublishedAnchors(await anchorKey())));
  });

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
