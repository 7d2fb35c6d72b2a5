import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Env } from '../../config/env';
import { Investigator } from '../../models/Investigator';
import { parseInput } from '../../schemas/common';
import { requireCsrfHeader, requireSession } from '../../middlewares/sessionAuth';
import { requireConsoleSecrets } from '../../commands/console/serverSecrets';
import { LoginThrottle } from '../../commands/console/loginThrottle';
import { checkLogin, saltFor } from '../../commands/console/loginChecker';
import { activateAccount, readInvite } from '../../commands/console/accountActivator';
import { changePassword, finishRecovery, startRecovery } from '../../commands/console/passwordChanger';
import { endSession, issueSession } from '../../commands/console/sessionIssuer';
import { accountView, type AccountDoc } from '../../commands/console/accountView';
import { ActivateRequest, InviteRequest, LoginRequest, PasswordChangeRequest, RecoverFinishRequest, RecoverStartRequest, SaltRequest } from './authSchemas';

export type ConsoleAuthDeps = { env: Env; redis: Redis };

/**
 * Sign-in, activation, password change and recovery (docs/console.md §Accounts). Passwords
 * never arrive here: only authKey, derived in the browser with Argon2id. Every state-changing
 * call needs the X-CC-Console header.
 */
export function consoleAuthRouter({ env, redis }: ConsoleAuthDeps) {
  const router = Router();
  router.use(requireCsrfHeader);
  const secrets = () => requireConsoleSecrets(env);
  const throttle = () => new LoginThrottle(redis, env.QUEUE_PREFIX, secrets().throttleKey);

  router.post('/salt', async (req, res) => {
    const { username } = parseInput(SaltRequest, req.body);
    res.json({ salt: await saltFor(username, secrets()) });
  });

  router.post('/login', async (req, res) => {
    const input = parseInput(LoginRequest, req.body);
    const account = await checkLogin(input, secrets(), throttle());
    await issueSession(env, req, res, account._id);
    res.json(accountView(account, secrets()));
  });

  router.post('/logout', async (req, res) => {
    // Works with a dead session too: the cookie is cleared either way.
    await endSession(env, req, res);
    res.status(204).end();
  });

  router.get('/me', requireSession(), async (_req, res) => {
    const account = await Investigator.findById(res.locals.investigator.id).lean<AccountDoc>();
    res.json(accountView(account!, secrets()));
  });

  router.post('/invite', async (req, res) => {
    const { token } = parseInput(InviteRequest, req.body);
    res.json(await readInvite(token));
  });

  router.post('/activate', async (req, res) => {
    const input = parseInput(ActivateRequest, req.body);
    const account = await activateAccount(input, secrets());
    await issueSession(env, req, res, account._id);
    res.json(accountView(account, secrets()));
  });

  router.post('/password', requireSession(), async (req, res) => {
    const { currentAuthKey, next } = parseInput(PasswordChangeRequest, req.body);
    const me = res.locals.investigator;
    await changePassword(me.id, me.sessionId, currentAuthKey, next, secrets());
    res.status(204).end();
  });

  router.post('/recover/start', async (req, res) => {
    const { username, totp } = parseInput(RecoverStartRequest, req.body);
    res.json(await startRecovery(username, totp, throttle()));
  });

  router.post('/recover/finish', async (req, res) => {
    const { username, challenge, signature, next } = parseInput(RecoverFinishRequest, req.body);
    const account = await finishRecovery(username, challenge, signature, next, secrets(), throttle());
    await issueSession(env, req, res, account._id);
    res.json(accountView(account, secrets()));
  });

  return router;
}
