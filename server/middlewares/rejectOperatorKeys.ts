import type { Request, Response, NextFunction } from 'express';
import { sendError } from './errorHandler';

/** True when any key, at any depth, starts with `$` or contains a dot (MongoDB operator syntax). */
export function hasOperatorKeys(value: unknown, depth = 0): boolean {
  if (depth > 32) return true;
  if (Array.isArray(value)) return value.some((v) => hasOperatorKeys(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k.startsWith('$') || k.includes('.') || k === '__proto__' || hasOperatorKeys(v, depth + 1));
  }
  return false;
}

/**
 * Refuses JSON bodies that carry MongoDB operator keys, whatever the endpoint: defence in
 * depth behind the strict schemas, so `{ "caseToken": { "$ne": "" } }` never reaches a query.
 */
export function rejectOperatorKeys(req: Request, res: Response, next: NextFunction) {
  if (req.body && typeof req.body === 'object' && hasOperatorKeys(req.body)) {
    return sendError(res, 400, 'operator_in_input', 'Field names may not start with "$" or contain ".".');
  }
  next();
}
