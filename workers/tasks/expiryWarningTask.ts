import mongoose from 'mongoose';
import { expiryStatus, type ExpiryStatus } from '../../core/policy';
import { Investigator } from '../../server/models/Investigator';
import { Membership } from '../../server/models/Membership';
import { Notification } from '../../server/models/Notification';
import { auditHash, cryptoReady } from '../../core/crypto';
import type { WorkerContext } from '../context';
import { expiryMail } from '../notifications/mailText';

/** One document per warning sent (`policy|calendar:<end>:<90|30|7>`), so each goes out once whatever the number of workers or passes. */
const sentWarnings = () => mongoose.connection.db!.collection<{ _id: string; at: Date }>('expiryWarnings');

/** Administrators and unit supervisors: those who must get the custodian to sign in time. */
async function recipients(): Promise<string[]> {
  const admins = await Investigator.find({ role: 'admin', state: 'active' }, { _id: 1 }).lean<{ _id: string }[]>();
  const sups = await Membership.find({ role: 'supervisor', active: true }, { investigatorId: 1 }).lean<{ investigatorId: string }[]>();
  return [...new Set([...admins.map((a) => a._id), ...sups.map((s) => s.investigatorId)])].sort();
}

/**
 * Warns 90, 30 and 7 days before the newest signed policy or its holiday calendar runs out:
 * a worker log line on every pass inside the window, and once per step a console notification
 * (mailed with the next batch) to every administrator and supervisor, and a mail to the key
 * custodian (CUSTODIAN_EMAIL). After expiry it logs an error on every pass. Run with the
 * deadline scan; `now` is injectable for tests.
 */
export async function runExpiryCheck(ctx: WorkerContext, now = ctx.now()): Promise<ExpiryStatus & { sent: string[] }> {
  const status = expiryStatus((await ctx.policies.all()).map((v) => v.policy), now);
  const sent: string[] = [];
  if (status.expired) ctx.logger.error('no signed policy is valid: intake is stopped; received cases keep their clocks on weekends only (unverified)');
  for (const w of status.warnings) {
    ctx.logger.warn({ what: w.what, endsAt: w.endsAt, daysLeft: w.daysLeft }, `the ${w.what === 'policy' ? 'signed policy' : 'holiday calendar'} runs out in ${w.daysLeft} days: sign the next one`);
    const key = `${w.what}:${w.endsAt}:${w.threshold}`;
    const claimed = await sentWarnings().updateOne({ _id: key }, { $setOnInsert: { at: now } }, { upsert: true });
    if (!claimed.upsertedCount) continue;
    sent.push(key);
    await cryptoReady();
    // Not about a case: the reference names what runs out and when; the console shows it without a link.
    const caseRef = `${w.what} ${w.endsAt.slice(0, 10)}`;
    for (const investigatorId of await recipients()) {
      const _id = `n${auditHash(`expiry\n${key}\n${investigatorId}`).slice(0, 31)}`;
      await Notification.updateOne(
        { _id },
        { $setOnInsert: { investigatorId, kind: 'policy_expiry', caseId: 'policy', caseRef, read: false, mailed: false, createdAt: now, mailAfter: now } },
        { upsert: true },
      );
    }
    if (ctx.mailer && ctx.env.CUSTODIAN_EMAIL) {
      const mail = expiryMail(w);
      try {
        await ctx.mailer.sendMail({ from: ctx.env.SMTP_FROM, to: ctx.env.CUSTODIAN_EMAIL, subject: mail.subject, text: mail.text });
      } catch {
        ctx.logger.warn('expiry mail to the custodian not sent');
      }
    }
  }
  return { ...status, sent };
}
