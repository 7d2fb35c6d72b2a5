import type { Request, Response } from 'express';
import type { Env } from '../../config/env';
import { randomId } from '../../infra/ids';
import { Session } from '../../models/Session';
import { newToken, tokenHash } from './serverSecrets';

/** The console cookie: sent only to /api/console, never readable by page scripts. */
export const SESSION_COOKIE = 'cc_console';
export const SESSION_COOKIE_PATH = '/api/console';

/**
 * `Secure` is set in production and on any HTTPS request. Over plain http on 127.0.0.1 (tests,
 * the local demo) a Secure cookie would be dropped by the browser, so it is left off there;
 * production must run behind TLS (docs/console.md).
 */
function cookieAttributes(env: Env, req: Request, maxAgeSeconds: number): string {
  const secure = env.NODE_ENV === 'production' || req.secure;
  return `Path=${SESSION_COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/** Creates a session for an authenticated investigator and sets its cookie; removes their expired sessions. */
export async function issueSession(env: Env, req: Request, res: Response, investigatorId: string): Promise<void> {
  const now = new Date();
  const token = newToken();
  const maxAge = env.SESSION_MAX_HOURS * 3600;
  await Session.deleteMany({ investigatorId, $or: [{ expiresAt: { $lte: now } }, { lastSeenAt: { $lte: new Date(now.getTime() - env.SESSION_IDLE_MINUTES * 60_000) } }] });
  await Session.create({ _id: randomId(), tokenHash: tokenHash(token), investigatorId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + maxAge * 1000) });
  res.append('Set-Cookie', `${SESSION_COOKIE}=${token}; ${cookieAttributes(env, req, maxAge)}`);
}

/** Ends the session named by the request's cookie (if any) and clears the cookie. */
export async function endSession(env: Env, req: Request, res: Response): Promise<void> {
  const token = sessionTokenOf(req);
  if (token) await Session.deleteOne({ tokenHash: tokenHash(token) });
  res.append('Set-Cookie', `${SESSION_COOKIE}=; ${cookieAttributes(env, req, 0)}`);
}

/** Reads the session token from the Cookie header (no cookie-parser needed for one cookie). */
export function sessionTokenOf(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}
