import type { Request, Response, NextFunction } from 'express';
import { forbidden, unauthorized } from '../../core/errors';
import type { Env } from '../config/env';
import { Investigator } from '../models/Investigator';
import { Session } from '../models/Session';
import { sessionTokenOf } from '../commands/console/sessionIssuer';
import { tokenHash } from '../commands/console/serverSecrets';

export type ConsoleRole = 'investigator' | 'supervisor' | 'admin';

/** What handlers find in `res.locals.investigator` after requireSession. */
export type SessionInvestigator = { id: string; username: string; displayName: string; role: ConsoleRole; sessionId: string };

/** Header every state-changing console request must carry (CSRF defence beside SameSite=Strict). */
export const CSRF_HEADER = 'x-cc-console';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// lastSeenAt is written at most this often: one write per request would double the load.
const TOUCH_EVERY_MS = 30_000;

let settings = { idleMinutes: 30 };

/** Called once by the console routers with the parsed config. */
export function configureSessions(env: Env) {
  settings = { idleMinutes: env.SESSION_IDLE_MINUTES };
}

/** Refuses a state-changing request without the custom header: a cross-site form cannot set it. */
export function requireCsrfHeader(req: Request, _res: Response, next: NextFunction) {
  if (!SAFE_METHODS.has(req.method) && req.get(CSRF_HEADER) !== '1') {
    return next(forbidden('csrf_header_missing', `Console requests that change something must carry the header ${CSRF_HEADER}: 1.`));
  }
  next();
}

/**
 * Authenticates a console request by its session cookie and (optionally) the account's role.
 * 401 when there is no valid session (absent, tampered, idle, expired, account not active);
 * 403 when the role is not allowed. Sets `res.locals.investigator` (SessionInvestigator).
 */
export function requireSession(options: { roles?: ConsoleRole[] } = {}) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.investigator = await authenticate(req);
      if (options.roles && !options.roles.includes(res.locals.investigator.role)) {
        throw forbidden('role_forbidden', 'Your role does not allow this.');
      }
      requireCsrfHeader(req, res, next);
    } catch (err) {
      next(err);
    }
  };
}

async function authenticate(req: Request): Promise<SessionInvestigator> {
  const token = sessionTokenOf(req);
  if (!token) throw unauthorized('session_required', 'Sign in to the console first.');
  const session = await Session.findOne({ tokenHash: tokenHash(token) }).lean<{ _id: string; investigatorId: string; lastSeenAt: Date; expiresAt: Date }>();
  if (!session) throw unauthorized('session_invalid', 'Your session is not valid; sign in again.');
  const now = Date.now();
  if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + settings.idleMinutes * 60_000 <= now) {
    await Session.deleteOne({ _id: session._id });
    throw unauthorized('session_expired', 'Your session has ended; sign in again.');
  }
  const account = await Investigator.findById(session.investigatorId, { username: 1, displayName: 1, role: 1, state: 1 }).lean<{ _id: string; username: string; displayName: string; role: ConsoleRole; state: string }>();
  if (!account || account.state !== 'active') {
    await Session.deleteOne({ _id: session._id });
    throw unauthorized('account_inactive', 'This account is disabled or not activated.');
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await Session.updateOne({ _id: session._id, lastSeenAt: session.lastSeenAt }, { $set: { lastSeenAt: new Date(now) } });
  }
  return { id: account._id, username: account.username, displayName: account.displayName, role: account.role, sessionId: session._id };
}
