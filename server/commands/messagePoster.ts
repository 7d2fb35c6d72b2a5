import { conflict, notFound } from '../../core/errors';
import { Case } from '../models/Case';
import { Message } from '../models/Message';
import { randomId, roundDown } from '../infra/ids';
import { insertNumbered } from '../infra/numbered';

export type PostedMessage = { seq: number };

/**
 * Appends a sealed message to a case thread. The sequence number comes from one `$inc` on the
 * case (atomic on MongoDB; on FerretDB a clash is resolved by insertNumbered), so concurrent
 * posts get distinct numbers without a transaction. Re-posting the same messageId (a client
 * retry) returns the stored message instead of a duplicate.
 */
export async function postMessage(
  caseId: string,
  from: 'reporter' | 'investigator',
  messageId: string,
  sealed: unknown,
  roundingMinutes = 60,
): Promise<PostedMessage> {
  const storedSeq = async () => {
    const previous = await Message.findOne({ caseId, messageId }, { seq: 1, from: 1 }).lean<{ seq: number; from: string }>();
    if (previous && previous.from !== from) throw conflict('message_exists', 'This message id is already used.');
    return previous?.seq;
  };
  const previous = await storedSeq();
  if (previous !== undefined) return { seq: previous };
  const at = roundDown(new Date(), roundingMinutes);
  const updated = await Case.findOneAndUpdate(
    { _id: caseId, purgedAt: { $exists: false } },
    { $inc: { messageCount: 1 }, $push: { timeline: { kind: 'message', at } } },
    // FerretDB 1.24 refuses a projection in findAndModify, so the whole (small) document returns.
    { returnDocument: 'after' },
  ).lean<{ messageCount: number }>();
  if (!updated) throw notFound('case_not_found', 'No case matches this code.');
  const seq = await insertNumbered(
    (n) => Message.create({ _id: randomId(), caseId, seq: n, messageId, from, sealed, at }),
    updated.messageCount,
    storedSeq,
  );
  // A number skipped past a clash: keep the count at least the highest number used.
  if (seq !== updated.messageCount) await Case.updateOne({ _id: caseId }, { $max: { messageCount: seq } });
  return { seq };
}
