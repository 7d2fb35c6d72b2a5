import type { Redis } from 'ioredis';

/**
 * "This case changed": a Redis pub/sub message carrying only the case's random id, sent by every
 * process after it writes a case (route worker, deadline and retention tasks, console commands,
 * reporter follow-ups). API processes listen and refresh that one inbox row (server/inbox/
 * inboxIndex.ts). Pub/sub stores nothing in Redis: no key, no timestamp that could date a case.
 * A message lost while Redis is down is healed by the index's periodic rebuild.
 */
export const caseChangesChannel = (prefix: string) => `${prefix}:case-changed`;

const PUBLISH_TIMEOUT_MS = 1000;

/** Announces changed cases; never throws and never waits long (the queue connection would wait for Redis forever). */
export async function publishCaseChanged(redis: Redis, prefix: string, ...caseIds: string[]): Promise<void> {
  const channel = caseChangesChannel(prefix);
  await Promise.race([
    Promise.all(caseIds.map((id) => redis.publish(channel, id))).catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, PUBLISH_TIMEOUT_MS).unref()),
  ]);
}

/** What a command that writes cases needs to announce them (implemented by InboxIndex). */
export type CaseChangeListener = { caseChanged(...caseIds: string[]): Promise<void> };
