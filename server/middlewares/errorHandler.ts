import type { Request, Response, NextFunction } from 'express';
import { DomainError, type ErrorKind } from '../../core/errors';
import type { Logger } from '../logger';
import type { BucketLog } from '../bucketLog';
import { isTimedRequest } from './requestLog';

const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

/** Sends the one JSON error shape: `{ error: { code, message } }`. */
export function sendError(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ error: { code, message } });
}

/** Unknown routes: a JSON 404, also for paths that look like files. */
export function notFoundHandler(_req: Request, res: Response) {
  sendError(res, 404, 'not_found', 'No such endpoint.');
}

/**
 * Maps every error to the JSON shape; unexpected ones become 500 without details. The error is
 * logged at once for an investigator's request, and at the end of the rounding bucket, without
 * its own time, for anyone else's (server/bucketLog.ts): a timed line would date a reporter.
 */
export function errorHandler(logger: Logger, reporterLog?: BucketLog) {
  // Express recognises error middleware by its four parameters.
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    if (err instanceof DomainError) return sendError(res, STATUS_OF[err.kind], err.code, err.message);
    const e = err as { type?: string; status?: number; name?: string };
    // body-parser errors carry a `type`; their messages can quote the body, so ours replace them.
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'malformed_json', 'The request body is not valid JSON.');
    if (e.type === 'entity.too.large') return sendError(res, 413, 'body_too_large', 'The request body is too large.');
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
      return sendError(res, 415, 'unsupported_encoding', 'The request body encoding is not supported.');
    // The router's failed decodeURIComponent of a route parameter (a malformed % escape): the
    // client's mistake, and its message quotes the path, so ours replaces it.
    if (err instanceof URIError && e.status === 400) return sendError(res, 400, 'malformed_path', 'The address contains a malformed % escape.');
    if (e.name === 'MongoServerSelectionError' || e.name === 'MongoNotConnectedError' || e.name === 'MongoNetworkError')
      return sendError(res, 503, 'database_unavailable', 'The database is unavailable; try again shortly.');
    (reporterLog && !isTimedRequest(req) ? reporterLog.logger : logger).error({ err }, 'unexpected error');
    sendError(res, 500, 'internal', 'Something went wrong on our side.');
  };
}
