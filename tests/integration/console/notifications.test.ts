import { randomBytes } from 'node:crypto';
import { cryptoReady } from '../../../core/crypto';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

/** Console notifications (written by the notify worker): listed, and marked read by their owner only. */
describe('console notifications', () => {
  let t: ConsoleTestServer;
  let me: FactoryAccount;
  let other: FactoryAccount;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_notifications');
    me = await t.factory.account();
    other = await t.factory.account();
    cookies.me = await t.factory.session(me);
    cookies.other = await t.factory.session(other);
  });
  afterAll(async () => t?.stop());

  /** Notifications as the worker leaves them (workers/processors/notifyProcessor.ts). */
  async function notify(investigatorId: string, caseId: string, kind = 'new_case') {
    const _id = `n${randomBytes(12).toString('base64url')}`;
    await t.db.collection('notifications').insertOne({ _id: _id as never, investigatorId, kind, caseId, caseRef: caseId.slice(0, 6), read: false, mailed: true, createdAt: new Date() });
    return _id;
  }
  const unread = async (who: string) => {
    const res = await consoleFetch(t.server.url, '/api/console/notifications', { cookie: cookies[who] });
    expect(res.status).toBe(200);
    return res.body.items.filter((n: { read: boolean }) => !n.read).map((n: { _id: string }) => n._id).sort();
  };
  const markRead = (who: string, body: unknown) => consoleFetch(t.server.url, '/api/console/notifications/read', { method: 'POST', cookie: cookies[who], body });

  it('marks the ones shown as read, and only the caller’s own', async () => {
    const a = await notify(me.id, 'caseAAAAAAAA');
    const b = await notify(me.id, 'caseBBBBBBBB', 'reminder');
    const theirs = await notify(other.id, 'caseAAAAAAAA');
    expect(await unread('me')).toEqual([a, b].sort());

    const stolen = await markRead('me', { ids: [theirs] });
    expect(stolen.status).toBe(200);
    expect(stolen.body.marked).toBe(0);
    expect(await unread('other')).toEqual([theirs]);

    const done = await markRead('me', { ids: [a] });
    expect(done.body.marked).toBe(1);
    expect(await unread('me')).toEqual([b]);
    expect((await markRead('me', { ids: [a] })).body.marked).toBe(0);
  });

  it('marks all as read', async () => {
    await notify(me.id, 'caseCCCCCCCC');
    expect((await unread('me')).length).toBeGreaterThan(0);
    expect((await markRead('me', { all: true })).status).toBe(200);
    expect(await unread('me')).toEqual([]);
    expect((await unread('other')).length).toBe(1);
  });

  it('refuses bad input and changes nothing', async () => {
    const kept = await notify(me.id, 'caseDDDDDDDD');
    for (const body of [{}, { ids: [] }, { ids: ['not an id'] }, { all: false }, { ids: [kept], all: true }, { ids: Array.from({ length: 101 }, () => kept) }]) {
      const res = await markRead('me', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBeTruthy();
    }
    expect(await unread('me')).toEqual([kept]);
  });
});
