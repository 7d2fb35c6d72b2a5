import type { Request, Response, NextFunction } from 'express';
import type { Logger } from '../logger';

/**
 * One log line per request with method, route template (never the raw URL: it could carry a
 * query string or an id), status and duration. No address, no user agent, no headers.
 */
export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : res.locals.routeLabel ?? 'unmatched';
      logger.info(
        { method: req.method, route, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'request',
      );
    });
    next();
  };
}
