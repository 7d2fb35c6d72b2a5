import { publishCaseChanged } from '../../../server/inbox/caseChanges';
import mongoose from 'mongoose';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { cryptoReady, shortCaseRef } from '../../../core/crypto';
import { Case } from '../../../server/models/Case';
import { Investigator } from '../../../server/models/Investigator';
import { Membership } from '../../../server/models/Membership';
import { Notification } from '../../../server/models/Notification';
import { PolicyStore } from '../../../server/policy/policyStore';
import { QueueFactory } from '../../../server/queues/queueFactory';
import { createQueueConnection } from '../../../server/infra/redis';
import { createLogger } from '../../../server/logger';
import { notifyProcessor } from '../../../workers/processors/notifyProcessor';
import { runBucketFlush } from '../../../workers/tasks/bucketFlushTask';
import type { WorkerContext } from '../../../workers/context';
import { awayFromBucketEnd } from '../../support/polling';
import { buildReport, sendMessage, submit } from '../../support/reporterClient';
import { freePort, type Spawned } from '../../support/processes';
import { caseOf, connectTestDb, eventually, startApi, startWorkerProcess, testStack } from './stack';

type Mail = { to: string[]; raw: string };

/** A real SMTP server on a free port; keeps every message it accepts. */
async function startSmtp() {
  const mails: Mail[] = [];
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d) => (raw += d));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { mails, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The headers and the decoded body (base64 or quoted-printable), so the test searches real text. */
function decoded(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split);
  const body = raw.slice(split).trim();
  let text = body;
  if (/Content-Transfer-Encoding: base64/i.test(headers)) text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    text = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return `${headers}\n\n${text}`;
}

describe('notifications to investigators (SMTP and console)', () => {
  let stack: Awaited<ReturnType<typeof testStack>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let server: Spawned & { url: string };
  let workers: Spawned;

  beforeAll(async () => {
    await cryptoReady();
    smtp = await startSmtp();
    stack = await testStack('wnotify', { SMTP_URL: smtp.url, CONSOLE_URL: 'https://console.example.kz/console' });
    await connectTestDb(stack.uri);
    await Investigator.create({ _id: 'inv-aidana', username: 'aidana', email: 'aidana@agency.example.kz', state: 'active', createdAt: new Date() });
    await Membership.create({ _id: 'mem-aidana', unitId: 'aca@KZ-75', investigatorId: 'inv-aidana', active: true });
    server = await startApi(stack.env);
    workers = await startWorkerProcess(stack.env);
  }, 60_000);
  afterAll(async () => {
    await workers?.stop();
    await server?.stop();
    await smtp?.close();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });

  /** A worker context of this test's own, to run the processor and the flush with a chosen clock. */
  function testContext(now: () => Date) {
    const connection = createQueueConnection(stack.env.REDIS_URL);
    const ctx: WorkerContext = {
      env: { RECONCILE_AFTER_SECONDS: 1, WORKER_LOCK_SECONDS: 5, SMTP_FROM: 'cc <cc@localhost>', CONSOLE_URL: 'https://console.example.kz/console' },
      logger: createLogger('silent', 'test'),
      policies: new PolicyStore(stack.deployment.rootPublicKey),
      queues: new QueueFactory(connection, stack.prefix),
      mailer: nodemailer.createTransport(smtp.url),
      now,
      reconcileSeen: new Map(),
      caseChanged: (...ids) => publishCaseChanged(connection, stack.prefix, ...ids),
    };
    const close = async () => {
      ctx.mailer!.close();
      await ctx.queues.close();
      await connection.quit();
    };
    return { ctx, close };
  }
  const stepMs = () => stack.deployment.policy.timeRoundingMinutes * 60_000;

  it('notifies the assignee of a new case and a reporter message at once, and mails them only after the rounding bucket, in one mail without case data', async () => {
    // The workers' own minute flush uses the real clock: keep the whole test inside one bucket.
    await awayFromBucketEnd(stepMs());
    const canary = 'CANARY-akimat-bribe-7731';
    const report = buildReport(stack.deployment, { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }, canary, { fast: true });
    expect((await submit(server.url, report)).status).toBe(201);
    const routed = await eventually(async () => {
      const c = await caseOf(report);
      return c?.routeState === 'routed' ? c : null;
    });
    expect(routed!.assigneeId).toBe('inv-aidana');
    expect((await sendMessage(server.url, report.secrets, `${canary} more`)).status).toBe(201);

    type Note = { kind: string; caseRef: string; caseId: string; mailed: boolean; createdAt: Date; mailAfter: Date };
    const notes = await eventually(async () => {
      const found = await Notification.find({ investigatorId: 'inv-aidana' }).lean<Note[]>();
      return found.length >= 2 ? found : null;
    });
    expect(notes!.map((n) => n.kind).sort()).toEqual(['message', 'new_case']);
    expect(notes!.every((n) => n.caseRef === shortCaseRef(routed!._id) && n.caseId === routed!._id && !n.mailed)).toBe(true);
    // Times are the policy's bucket: its start, and its end for the mail.
    for (const n of notes!) {
      expect(n.createdAt.getTime() % stepMs()).toBe(0);
      expect(n.mailAfter.getTime()).toBe(n.createdAt.getTime() + stepMs());
    }
    // The workers' own flush runs every minute: inside the bucket it mails nothing.
    const bucketEnd = Math.min(...notes!.map((n) => n.mailAfter.getTime()));
    const { ctx, close } = testContext(() => new Date(bucketEnd - 1000));
    try {
      expect(await runBucketFlush(ctx)).toMatchObject({ mailed: 0 });
      expect(smtp.mails).toEqual([]);
      // The bucket's end: one mail for both notifications.
      ctx.now = () => new Date(Math.max(...notes!.map((n) => n.mailAfter.getTime())));
      expect(await runBucketFlush(ctx)).toMatchObject({ mailed: 1 });
      expect(await runBucketFlush(ctx)).toMatchObject({ mailed: 0 });
    } finally {
      await close();
    }
    expect(smtp.mails.length).toBe(1);
    expect(await Notification.countDocuments({ investigatorId: 'inv-aidana', mailed: false })).toBe(0);

    const forbidden = [canary, 'bribery', 'KZ-75', 'aca@', routed!._id, shortCaseRef(routed!._id), report.secrets.caseToken, 'S2', 'A1'];
    for (const mail of smtp.mails) {
      expect(mail.to).toEqual(['aidana@agency.example.kz']);
      const text = decoded(mail.raw);
      for (const word of forbidden) expect(text).not.toContain(word);
      // The console link is the front door, with no id after it.
      expect(text).toContain('https://console.example.kz/console\n');
      expect(text).toContain('A new case is waiting in your inbox. There is a new message.');
    }
  }, 300_000);

  it('a retried notification job adds no second notification, and its mail goes once', async () => {
    const c = await Case.findOne({ assigneeId: 'inv-aidana' }).lean<{ _id: string }>();
    const { ctx, close } = testContext(() => new Date());
    try {
      const before = smtp.mails.length;
      const first = await notifyProcessor({ kind: 'reminder', caseId: c!._id }, ctx, { id: 'notify-reminder-test' });
      const again = await notifyProcessor({ kind: 'reminder', caseId: c!._id }, ctx, { id: 'notify-reminder-test' });
      expect(first).toEqual({ notified: 1 });
      expect(again).toEqual({ notified: 1 });
      expect(await Notification.countDocuments({ kind: 'reminder' })).toBe(1);
      ctx.now = () => new Date(Date.now() + stepMs());
      expect(await runBucketFlush(ctx)).toMatchObject({ mailed: 1 });
      expect(await runBucketFlush(ctx)).toMatchObject({ mailed: 0 });
      expect(smtp.mails.length).toBe(before + 1);
      await expect(notifyProcessor({ kind: 'gossip', caseId: c!._id }, ctx)).rejects.toThrow('malformed');
    } finally {
      await close();
    }
  });
});
