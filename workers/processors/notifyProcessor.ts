import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { NOTIFY_KINDS, type NotifyKind } from '../../core/jobs';
import { auditHash, cryptoReady, shortCaseRef } from '../../core/crypto';
import { Case } from '../../server/models/Case';
import { Investigator } from '../../server/models/Investigator';
import { Membership } from '../../server/models/Membership';
import { Notification } from '../../server/models/Notification';
import { randomId, roundDown } from '../../server/infra/ids';
import type { WorkerContext } from '../context';
import { notificationMail } from '../notifications/mailText';

const Payload = z.strictObject({ kind: z.enum(NOTIFY_KINDS), caseId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });

type CaseTarget = { _id: string; unitId?: string; assigneeId?: string; purgedAt?: Date };

/** Who hears of it: the assignee, else every active member; supervisors too when a deadline slips. */
async function recipientsOf(kind: NotifyKind, c: CaseTarget): Promise<string[]> {
  if (!c.unitId) return [];
  const active = { unitId: c.unitId, active: true, removedAt: { $exists: false } };
  const ids = new Set<string>();
  if (c.assigneeId) ids.add(c.assigneeId);
  if (kind === 'overdue' || kind === 'escalation') {
    const sups = await Membership.find({ ...active, role: 'supervisor' }, { investigatorId: 1 }).lean<{ investigatorId: string }[]>();
    for (const s of sups) ids.add(s.investigatorId);
  }
  if (ids.size === 0) {
    const members = await Membership.find(active, { investigatorId: 1 }).limit(200).lean<{ investigatorId: string }[]>();
    for (const m of members) ids.add(m.investigatorId);
  }
  return [...ids].sort();
}

/**
 * Puts a notification in each recipient's console and mails them a content-free note.
 * Idempotency: a notification's id is derived from the job id and the recipient, so a retried
 * job adds none twice; `mailed` is set after each mail is accepted, so a retry mails only those
 * still unsent (a crash between the send and the flag can repeat one mail, never lose one).
 */
export async function notifyProcessor(data: unknown, ctx: WorkerContext, job?: Pick<Job, 'id'>) {
  const parsed = Payload.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError('malformed case.notify payload');
  const { kind, caseId } = parsed.data;
  const c = await Case.findById(caseId, { unitId: 1, assigneeId: 1, purgedAt: 1 }).lean<CaseTarget>();
  if (!c || c.purgedAt) return { notified: 0 };
  await cryptoReady();
  const recipients = await recipientsOf(kind, c);
  const jobKey = job?.id ?? randomId();
  const createdAt = roundDown(ctx.now(), 1);
  const caseRef = shortCaseRef(caseId);
  const ids = recipients.map((investigatorId) => ({ investigatorId, _id: `n${auditHash(`${jobKey}\n${investigatorId}`).slice(0, 31)}` }));
  for (const r of ids) {
    await Notification.updateOne(
      { _id: r._id },
      { $setOnInsert: { investigatorId: r.investigatorId, kind, caseId, caseRef, read: false, mailed: false, createdAt } },
      { upsert: true },
    );
  }
  let mailed = 0;
  if (ctx.mailer) {
    const unsent = await Notification.find({ _id: { $in: ids.map((r) => r._id) }, mailed: false }, { investigatorId: 1 }).lean<{ _id: string; investigatorId: string }[]>();
    for (const n of unsent) {
      const person = await Investigator.findById(n.investigatorId, { email: 1, state: 1 }).lean<{ email?: string; state?: string }>();
      if (!person?.email || person.state === 'disabled') continue;
      const unread = await Notification.countDocuments({ investigatorId: n.investigatorId, read: false });
      const mail = notificationMail(kind, unread, ctx.env.CONSOLE_URL);
      await ctx.mailer.sendMail({ from: ctx.env.SMTP_FROM, to: person.email, subject: mail.subject, text: mail.text });
      await Notification.updateOne({ _id: n._id }, { $set: { mailed: true } });
      mailed++;
    }
  }
  return { notified: recipients.length, mailed };
}
