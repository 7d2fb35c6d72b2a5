import type { Request, Response, NextFunction } from 'express';
import type { Logger } from '../logger';
import type { BucketLog } from '../bucketLog';

/**
 * Whether a request may be logged with its time: the investigators' API and the health probes
 * of the load balancer. Everything else may be a reporter (the portal's pages and files,
 * /api/reports, /api/pow, uploads, status and messages, the no-JavaScript form under /nojs, the
 * public statistics), and a timed line would date their action.
 */
export function isTimedRequest(req: Request): boolean {
  const path = req.originalUrl.split('?')[0];
  return path === '/api/console' || path.startsWith('/api/console/') || path === '/healthz' || path === '/readyz';
}

/**
 * One log line per investigator request (and health probe) with method, route template (never the raw URL: it
 * could carry a query string or an id), status and duration; every other request is counted per
 * route template and status in `reporterLog`, written at the end of the rounding bucket.
 * No address, no user agent, no headers, either way.
 */
export function requestLog(logger: Logger, reporterLog: BucketLog) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const timed = isTimedRequest(req);
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : res.locals.routeLabel ?? 'unmatched';
      if (!timed) return reporterLog.count(`${req.method} ${route} ${res.statusCode}`);
      logger.info(
        { method: req.method, route, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'request',
      );
    });
    next();
  };
}
