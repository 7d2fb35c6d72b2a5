import { cryptoReady } from '../../../core/crypto';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { eventuallyInbox, inboxOf as inboxPage } from '../../support/inboxPolling';
import { startPrivateRedis } from '../../support/processes';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const routing = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };
/**
 * The inbox rows live in the API's memory (server/inbox/inboxIndex.ts). These tests change
 * cases the way other processes do (straight in the database) and check that the rows follow:
 * at once for the investigator's own actions, on the change message for other writers, and
 * through a full rebuild when the message was lost.
 */
describe('inbox rows follow the database', () => {
  let t: ConsoleTestServer;
  let me: FactoryAccount;
  let cookie: string;

  beforeAll(async () => {
    await cryptoReady();
    // A long periodic rebuild, so only the change messages can explain what these tests see.
    t = await startConsoleServer('inbox_fresh', { INBOX_REBUILD_SECONDS: '3600' });
    me = await t.factory.account();
    await t.factory.member(me, 'aca@KZ-75');
    cookie = await t.factory.session(me);
    await inboxPage(t.server.url, cookie); // the rows are loaded from here on
  });
  afterAll(async () => t?.stop());

  it("shows the investigator's own change in the very next page", async () => {
    const c = await t.factory.routedCase(routing, { assigneeId: me.id });
    expect((await eventuallyInbox(t.server.url, cookie, (items) => items.some((i) => i.id === c.id), 5000)).map((i) => i.id)).toContain(c.id);
    for (const labels of [['urgent'], ['criminal_signs', 'urgent'], []]) {
      const put = await consoleFetch(t.server.url, `/api/console/cases/${c.id}/labels`, { method: 'PUT', cookie, body: { labels } });
      expect(put.status).toBe(200);
      // No waiting: the handler refreshed the row before it answered.
      expect((await inboxPage(t.server.url, cookie)).find((i) => i.id === c.id)?.labels).toEqual(labels);
    }
  });

  it('follows a case another process wrote and announced', async () => {
    const c = await t.factory.routedCase(routing, { assigneeId: me.id });
    expect((await eventuallyInbox(t.server.url, cookie, (items) => items.some((i) => i.id === c.id), 5000)).map((i) => i.id)).toContain(c.id);
    await t.db.collection('cases').updateOne({ _id: c.id as never }, { $set: { status: 'closed' } });
    await t.factory.caseChanged(c.id);
    expect((await eventuallyInbox(t.server.url, cookie, (items) => !items.some((i) => i.id === c.id), 5000)).map((i) => i.id)).not.toContain(c.id);
    const closed = await eventuallyInbox(t.server.url, cookie, (items) => items.some((i) => i.id === c.id), 5000, '&status=closed');
    expect(closed.find((i) => i.id === c.id)?.status).toBe('closed');
  });

  it('drops a purged case', async () => {
    const c = await t.factory.routedCase(routing, { assigneeId: me.id });
    expect((await eventuallyInbox(t.server.url, cookie, (items) => items.some((i) => i.id === c.id), 5000)).map((i) => i.id)).toContain(c.id);
    await t.db.collection('cases').updateOne({ _id: c.id as never }, { $set: { purgedAt: new Date() } });
    await t.factory.caseChanged(c.id);
    expect((await eventuallyInbox(t.server.url, cookie, (items) => !items.some((i) => i.id === c.id), 5000)).map((i) => i.id)).not.toContain(c.id);
  });
});

describe('inbox rows after lost change messages', () => {
  it('a periodic rebuild repairs a change nobody announced', async () => {
    await cryptoReady();
    const t = await startConsoleServer('inbox_rebuild', { INBOX_REBUILD_SECONDS: '2' });
    try {
      const me = await t.factory.account();
      await t.factory.member(me, 'aca@KZ-75');
      const cookie = await t.factory.session(me);
      const c = await t.factory.routedCase(routing, { assigneeId: me.id });
      expect((await eventuallyInbox(t.server.url, cookie, (items) => items.some((i) => i.id === c.id), 5000)).map((i) => i.id)).toContain(c.id);
      // Changed in the database without a message, as a worker would while Redis is away.
      await t.db.collection('cases').updateOne({ _id: c.id as never }, { $set: { labels: ['silent'] } });
      const items = await eventuallyInbox(t.server.url, cookie, (list) => list.find((i) => i.id === c.id)?.labels[0] === 'silent', 8000);
      expect(items.find((i) => i.id === c.id)?.labels).toEqual(['silent']);
    } finally {
      await t.stop();
    }
  });

  it('a Redis restart makes every API process re-read all cases', async () => {
    await cryptoReady();
    let redis = await startPrivateRedis();
    const t = await startConsoleServer('inbox_redis_restart', { REDIS_URL: redis.url, INBOX_REBUILD_SECONDS: '3600' });
    try {
      const me = await t.factory.account();
      await t.factory.member(me, 'aca@KZ-75');
      const cookie = await t.factory.session(me);
      const before = await inboxPage(t.server.url, cookie);
      await redis.stop();
      // Written and announced while Redis is down (the factory announces like a worker): the message is lost.
      const c = await t.factory.routedCase(routing, { assigneeId: me.id });
      expect((await inboxPage(t.server.url, cookie)).map((i) => i.id)).toEqual(before.map((i) => i.id));
      redis = await startPrivateRedis(redis.port);
      const items = await eventuallyInbox(t.server.url, cookie, (list) => list.some((i) => i.id === c.id), 15_000);
      expect(items.map((i) => i.id)).toContain(c.id);
    } finally {
      await t.stop();
      await redis.stop();
    }
  });
});
