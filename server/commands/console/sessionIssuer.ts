import type { Request, Response } from 'express';
import type { Env } from '../../config/env';
import { randomId } from '../../infra/ids';
import { Session } from '../../models/Session';
import { newToken, tokenHash } from './serverSecrets';

/**
 * The console cookie. The `__Host-` prefix makes the browser refuse it unless it is Secure, has
 * Path=/ and no Domain: a sibling subdomain (or a network attacker over plain http) cannot plant
 * or overwrite it ("cookie tossing"). The price of Path=/: a browser that holds a console session
 * also sends it with reporter-page requests of the same origin; the reporter routes never read
 * it and nothing logs it, and docs/console.md tells investigators not to report from the
 * console's browser profile. Never readable by page scripts (HttpOnly).
 */
export const SESSION_COOKIE = '__Host-cc_console';
export const SESSION_COOKIE_PATH = '/';

/**
 * Always Secure (the prefix demands it). Plain http works only on http://localhost and
 * http://127.0.0.1, which browsers treat as secure contexts and where they accept Secure cookies
 * (tests, the local demo); anything else must be served over TLS (docs/console.md "Sessions").
 */
function cookieAttributes(maxAgeSeconds: number): string {
  return `Path=${SESSION_COOKIE_PATH}; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

/** Creates a session for an authenticated investigator and sets its cookie; removes their expired sessions. */
export async function issueSession(env: Env, req: Request, res: Response, investigatorId: string): Promise<void> {
  const now = new Date();
  const token = newToken();
  const maxAge = env.SESSION_MAX_HOURS * 3600;
  await Session.deleteMany({ investigatorId, $or: [{ expiresAt: { $lte: now } }, { lastSeenAt: { $lte: new Date(now.getTime() - env.SESSION_IDLE_MINUTES * 60_000) } }] });
  await Session.create({ _id: randomId(), tokenHash: tokenHash(token), investigatorId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + maxAge * 1000) });
  res.append('Set-Cookie', `${SESSION_COOKIE}=${token}; ${cookieAttributes(maxAge)}`);
}

/** Ends the session named by the request's cookie (if any) and clears the cookie. */
export async function endSession(env: Env, req: Request, res: Response): Promise<void> {
  const token = sessionTokenOf(req);
  if (token) await Session.deleteOne({ tokenHash: tokenHash(token) });
  res.append('Set-Cookie', `${SESSION_COOKIE}=; ${cookieAttributes(0)}`);
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
