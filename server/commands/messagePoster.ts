import { conflict, notFound, tooLarge } from '../../core/errors';
import { Case } from '../models/Case';
import { Message } from '../models/Message';
import { randomId, roundDown } from '../infra/ids';
import { insertNumbered } from '../infra/numbered';

export type PostedMessage = { seq: number };
/** Per-case caps on a reporter's messages (MAX_CASE_MESSAGES, MAX_CASE_MESSAGE_BYTES). */
export type MessageCaps = { maxMessages: number; maxBytes: number };

/** The stored size a message counts against MAX_CASE_MESSAGE_BYTES: its sealed envelope as JSON. */
export const storedMessageBytes = (sealed: unknown) => Buffer.byteLength(JSON.stringify(sealed ?? null));

/**
 * Appends a sealed message to a case thread. The sequence number comes from one `$inc` on the
 * case (atomic on MongoDB; on FerretDB a clash is resolved by insertNumbered), so concurrent
 * posts get distinct numbers without a transaction. Re-posting the same messageId (a client
 * retry) returns the stored message instead of a duplicate.
 *
 * A reporter's message also counts against the case's caps in the same guarded update, so a
 * flood stops at the cap (`message_limit_reached`, `message_bytes_limit_reached`) and stores
 * nothing. The case document keeps only these counters: the messages live in their own
 * collection, and no timeline entry is pushed per message (the thread itself dates them), so
 * nothing inside the case grows with the thread (MongoDB's 16 MB document limit).
 */
export async function postMessage(
  caseId: string,
  from: 'reporter' | 'investigator',
  messageId: string,
  sealed: unknown,
  roundingMinutes = 60,
  caps?: MessageCaps,
): Promise<PostedMessage> {
  const storedSeq = async () => {
    const previous = await Message.findOne({ caseId, messageId }, { seq: 1, from: 1 }).lean<{ seq: number; from: string }>();
    if (previous && previous.from !== from) throw conflict('message_exists', 'This message id is already used.');
    return previous?.seq;
  };
  const previous = await storedSeq();
  if (previous !== undefined) return { seq: previous };
  const at = roundDown(new Date(), roundingMinutes);
  const size = storedMessageBytes(sealed);
  const capped = from === 'reporter' && caps;
  // `$not: {$gte}` also matches cases stored before these counters existed.
  const guard = capped ? { reporterMessages: { $not: { $gte: caps.maxMessages } }, reporterMessageBytes: { $not: { $gt: caps.maxBytes - size } } } : {};
  const $inc = capped ? { messageCount: 1, reporterMessages: 1, reporterMessageBytes: size } : { messageCount: 1 };
  const updated = await Case.findOneAndUpdate(
    { _id: caseId, purgedAt: { $exists: false }, ...guard },
    { $inc },
    // FerretDB 1.24 refuses a projection in findAndModify, so the whole (small) document returns.
    { returnDocument: 'after' },
  ).lean<{ messageCount: number }>();
  if (!updated) {
    if (capped) await explainRefusal(caseId, caps, size);
    throw notFound('case_not_found', 'No case matches this code.');
  }
  const seq = await insertNumbered(
    (n) => Message.create({ _id: randomId(), caseId, seq: n, messageId, from, sealed, at }),
    updated.messageCount,
    storedSeq,
  );
  // A number skipped past a clash: keep the count at least the highest number used.
  if (seq !== updated.messageCount) await Case.updateOne({ _id: caseId }, { $max: { messageCount: seq } });
  return { seq };
}

/** Why the guarded update matched nothing: a cap (with its own code), else the case is gone. */
async function explainRefusal(caseId: string, caps: MessageCaps, size: number): Promise<void> {
  const kase = await Case.findOne({ _id: caseId, purgedAt: { $exists: false } }, { reporterMessages: 1, reporterMessageBytes: 1 }).lean<{ reporterMessages?: number; reporterMessageBytes?: number }>();
  if (!kase) return;
  if ((kase.reporterMessages ?? 0) >= caps.maxMessages) {
    throw tooLarge('message_limit_reached', `A case may hold at most ${caps.maxMessages} messages from its reporter.`);
  }
  if ((kase.reporterMessageBytes ?? 0) + size > caps.maxBytes) {
    throw tooLarge('message_bytes_limit_reached', `The reporter's messages of a case may total at most ${caps.maxBytes} bytes.`);
  }
  throw conflict('message_retry', 'The case changed while the message was being stored; send it again.');
}
