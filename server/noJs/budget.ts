import type { Redis } from 'ioredis';

export type BudgetKind = 'submit' | 'case';
/** `windowSeconds`: the policy's time rounding, so no key dates an action more finely than the stored times do. */
export type BudgetRule = { limit: number; windowSeconds: number };
export type BudgetAnswer = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * The no-JavaScript path's abuse control: one GLOBAL counter per kind and rounded time window
 * in Redis (no address, no cookie, nothing about who asked). The key names only the window's
 * start and expires at a fixed time after the window's end (EXPIREAT, not a TTL renewed by each
 * request, which would tell when the last one came). Trade-off (docs/threat-model.md): a flood can
 * spend the budget and turn honest no-JS reporters away until the window ends; the JavaScript
 * path, guarded by proof of work, is unaffected. If Redis cannot answer, the answer is "busy".
 */
export async function spendBudget(redis: Redis, prefix: string, kind: BudgetKind, rule: BudgetRule, now = Date.now()): Promise<BudgetAnswer> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
  const key = `${prefix}:nojs:budget:${kind}:${windowStart}`;
  try {
    const replies = await redis.multi().incr(key).expireat(key, Math.ceil((windowStart + windowMs) / 1000) + 60).exec();
    const count = Number(replies?.[0]?.[1]);
    if (!Number.isFinite(count)) return { ok: false, retryAfterSeconds };
    return count <= rule.limit ? { ok: true } : { ok: false, retryAfterSeconds };
  } catch {
    return { ok: false, retryAfterSeconds: 60 };
  }
}
