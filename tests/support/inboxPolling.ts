import { consoleFetch } from './consoleFactory';
import { pollUntil } from './polling';

export type InboxItem = { id: string; status: string; labels: string[]; deadlineState: string; mine: boolean };

/** One inbox page as the API answers it (asserted 200). */
export async function inboxOf(url: string, cookie: string, query = ''): Promise<InboxItem[]> {
  const res = await consoleFetch(url, `/api/console/cases?pageSize=100${query}`, { cookie });
  if (res.status !== 200) throw new Error(`inbox answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.items;
}

/**
 * Polls the inbox until `accept` holds; returns the last page either way, so the caller's
 * assertion says what was seen. Needed whenever a test writes a case the way another process
 * does (straight in the database, then a change message): the API applies the message
 * asynchronously (server/inbox/inboxIndex.ts), so the very next page may not show it yet.
 */
export function eventuallyInbox(url: string, cookie: string, accept: (items: InboxItem[]) => boolean, timeoutMs = 10_000, query = '') {
  return pollUntil(() => inboxOf(url, cookie, query), accept, timeoutMs, 100);
}

/** Waits until every one of `caseIds` is listed for `cookie` (with `query`); returns the page. */
export function untilListed(url: string, cookie: string, caseIds: string[], query = '') {
  return eventuallyInbox(url, cookie, (items) => caseIds.every((id) => items.some((i) => i.id === id)), 10_000, query);
}
