import type { NotifyKind } from '../../core/jobs';
import { Investigator } from '../../server/models/Investigator';
import { Notification } from '../../server/models/Notification';
import type { WorkerContext } from '../context';
import { notificationMail } from './mailText';

type Pending = { _id: string; investigatorId: string; kind: NotifyKind };

/**
 * Mails the notifications whose rounding bucket has ended (`mailAfter` ≤ now): one mail per
 * investigator for all of theirs, so the mail relay sees one send at the bucket's end, whatever
 * happened inside it. Run by the every-minute flush (workers/tasks/bucketFlushTask.ts).
 * A notification is flagged `mailed` after its mail is accepted: a failure leaves it for the
 * next run (a crash between the send and the flag can repeat one mail, never lose one).
 * Without SMTP, or for an investigator without a mail address or disabled, nothing is sent and
 * the notifications are flagged all the same, so they are not looked at again.
 */
export async function mailEndedBuckets(ctx: WorkerContext, now: Date, limit = 2000): Promise<number> {
  const due = await Notification.find({ mailed: false, mailAfter: { $lte: now } }, { investigatorId: 1, kind: 1 }).limit(limit).lean<Pending[]>();
  const byPerson = new Map<string, Pending[]>();
  for (const n of due) byPerson.set(n.investigatorId, [...(byPerson.get(n.investigatorId) ?? []), n]);
  let mails = 0;
  for (const [investigatorId, notes] of byPerson) {
    const person = await Investigator.findById(investigatorId, { email: 1, state: 1 }).lean<{ email?: string; state?: string }>();
    if (ctx.mailer && person?.email && person.state !== 'disabled') {
      const unread = await Notification.countDocuments({ investigatorId, read: false });
      const mail = notificationMail(notes.map((n) => n.kind), unread, ctx.env.CONSOLE_URL);
      await ctx.mailer.sendMail({ from: ctx.env.SMTP_FROM, to: person.email, subject: mail.subject, text: mail.text });
      mails++;
    }
    await Notification.updateMany({ _id: { $in: notes.map((n) => n._id) } }, { $set: { mailed: true } });
  }
  return mails;
}
