import { randomBytes } from 'node:crypto';
import { cryptoReady, newContentId } from '../../../core/crypto';
import type { RoutingMetadata } from '../../../core/routing';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const BRIBERY: RoutingMetadata = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };

/**
 * Issue 13 item 3, the console's side: the case answer carried the OLDEST 1,000 messages, so
 * newer ones never showed. Now it carries the newest page, and older pages come on request,
 * only to members of the case's unit.
 */
describe('the console case thread, newest first with paging', () => {
  let t: ConsoleTestServer;
  let member: FactoryAccount;
  let outsider: FactoryAccount;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_thread');
    member = await t.factory.account();
    outsider = await t.factory.account();
    await t.factory.member(member, 'aca@KZ-75');
    await t.factory.member(outsider, 'aca@KZ-71');
    cookies.member = await t.factory.session(member);
    cookies.outsider = await t.factory.session(outsider);
  });
  afterAll(async () => t?.stop());

  it('a 1,031-message thread opens on its newest 100 messages; paging back reaches every message once', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id });
    const total = 1031; // more than the old reader's 1,000
    const docs = Array.from({ length: total }, (_, i) => ({
      _id: randomBytes(16).toString('base64url'),
      caseId: c.id,
      seq: i + 1,
      messageId: newContentId(),
      from: i % 2 ? 'investigator' : 'reporter',
      sealed: { v: 1, alg: 'xchacha20poly1305-ietf', nonce: randomBytes(24).toString('base64url'), ct: randomBytes(40).toString('base64url') },
      at: new Date(0),
    }));
    await t.db.collection('messages').insertMany(docs as never[]);
    await t.db.collection('cases').updateOne({ _id: c.id as never }, { $set: { messageCount: total } });

    const opened = await consoleFetch(t.server.url, `/api/console/cases/${c.id}`, { cookie: cookies.member });
    expect(opened.status).toBe(200);
    const page = opened.body.messages as { seq: number; messageId: string }[];
    expect(page).toHaveLength(100);
    expect(page[page.length - 1]).toMatchObject({ seq: total, messageId: docs[total - 1].messageId });
    expect(opened.body.olderMessagesBefore).toBe(page[0].seq);

    const seen = page.map((m) => m.seq);
    let before: number | null = opened.body.olderMessagesBefore;
    while (before !== null) {
      const older = await consoleFetch(t.server.url, `/api/console/cases/${c.id}/messages?before=${before}`, { cookie: cookies.member });
      expect(older.status).toBe(200);
      seen.unshift(...older.body.messages.map((m: { seq: number }) => m.seq));
      before = older.body.olderBefore;
    }
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));

    // A member of another unit gets the uniform "no such case"; a bad `before` is a clear 400.
    const foreign = await consoleFetch(t.server.url, `/api/console/cases/${c.id}/messages?before=50`, { cookie: cookies.outsider });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'case_not_found']);
    const bad = await consoleFetch(t.server.url, `/api/console/cases/${c.id}/messages?before=zero`, { cookie: cookies.member });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_input']);
  }, 180_000);
});
