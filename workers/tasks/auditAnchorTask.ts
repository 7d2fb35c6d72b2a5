import { makeAuditAnchor, type AnchorTrigger } from '../../server/audit/anchors';
import { consoleSecrets } from '../../server/commands/console/serverSecrets';
import type { WorkerContext } from '../context';

/**
 * Repeatable (hourly check, one anchor per UTC day): signs where every audit chain stands
 * (server/audit/anchors.ts). Idempotent: a run finds today's anchor and makes nothing; two
 * workers racing for the same anchor seq leave one. Without a signing key (production without
 * SERVER_SECRET) it logs and makes nothing rather than an unsigned anchor. Logs counts only.
 */
export async function runAuditAnchor(ctx: WorkerContext, trigger: AnchorTrigger = 'daily') {
  // The workers' context types only what most tasks need; workers/main.ts passes the whole env.
  const env = ctx.env as WorkerContext['env'] & { SERVER_SECRET?: string; NODE_ENV?: 'development' | 'test' | 'production' };
  const secrets = consoleSecrets({ SERVER_SECRET: env.SERVER_SECRET, NODE_ENV: env.NODE_ENV ?? 'production' });
  if (!secrets) {
    ctx.logger.warn('audit anchor not made: SERVER_SECRET is not set');
    return { made: false, reason: 'no_key' };
  }
  const result = await makeAuditAnchor(secrets, { now: ctx.now(), trigger });
  if (result.made) {
    ctx.logger.info({ anchor: result.seq, day: result.day, heads: result.heads, brokenChains: result.brokenChains }, 'audit anchor signed');
    if (result.brokenChains > 0) ctx.logger.error({ brokenChains: result.brokenChains }, 'audit chains are broken: run workers/cli/verifyAudit.ts');
  }
  return result;
}
