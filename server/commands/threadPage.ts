import { Message } from '../models/Message';

/** Messages per page of a thread, for the reporter and the console alike (docs/api.md "Threads"). */
export const THREAD_PAGE_MESSAGES = 100;

export type ThreadMessage = { messageId: string; seq: number; from: string; sealed: unknown; at: Date };
/** A page of a thread, oldest first; `olderBefore`: pass it as `before` for the page before this one (null: none). */
export type ThreadPage = { messages: ThreadMessage[]; olderBefore: number | null };

/**
 * The NEWEST page of a case thread, or with `before` the page of messages numbered below it.
 * Reading newest first means a new reply always shows (the old reader returned the first 500
 * or 1,000 messages, so later ones silently disappeared). One message more than a page is read
 * to tell whether an older page exists, without counting the thread.
 */
export async function readThreadPage(caseId: string, before?: number, pageSize = THREAD_PAGE_MESSAGES): Promise<ThreadPage> {
  const filter = before === undefined ? { caseId } : { caseId, seq: { $lt: before } };
  const newestFirst = await Message.find(filter, { _id: 0, messageId: 1, seq: 1, from: 1, sealed: 1, at: 1 })
    .sort({ seq: -1 })
    .limit(pageSize + 1)
    .lean<ThreadMessage[]>();
  const page = newestFirst.slice(0, pageSize).reverse();
  return { messages: page, olderBefore: newestFirst.length > pageSize ? page[0].seq : null };
}
