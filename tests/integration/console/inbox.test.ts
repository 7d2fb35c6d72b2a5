import { cryptoReady } from '../../../core/crypto';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { eventuallyInbox, untilListed } from '../../support/inboxPolling';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const DAY = 864e5;
const routing = (category: string, region = 'KZ-75') => ({ category, region, seniority: 'S2', amount: 'A1', flags: [] });

/** The inbox: only my units, nearest deadline first, filters, badges and server-side paging. */
describe('console inbox', () => {
  let t: ConsoleTestServer;
  let me: FactoryAccount;
  let colleague: FactoryAccount;
  let cookie: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_inbox');
    me = await t.factory.account();
    colleague = await t.factory.account();
    await t.factory.member(me, 'aca@KZ-75');
    await t.factory.member(colleague, 'aca@KZ-75');
    cookie = await t.factory.session(me);
    const now = Date.now();
    const make = async (name: string, category: string, dueInDays: number, extra: Record<string, unknown> = {}, options: { assigneeId?: string; unitId?: string; status?: string } = {}) => {
      const c = await t.factory.routedCase(routing(category), { assigneeId: options.assigneeId ?? colleague.id, unitId: options.unitId ?? 'aca@KZ-75', status: options.status, nextDue: new Date(now + dueInDays * DAY) });
      if (Object.keys(extra).length) {
        await t.db.collection('cases').updateOne({ _id: c.id as never }, { $set: extra });
        await t.factory.caseChanged(c.id);
      }
      ids[name] = c.id;
    };
    await make('late', 'bribery', -2);
    await make('soon', 'procurement', 1, {}, { assigneeId: me.id });
    await make('later', 'bribery', 20);
    // Acknowledged: its acknowledgement deadline no longer binds; the worker flagged the answer as missed.
    await make('flagged', 'bribery', 40, { 'deadlines.acknowledgeBy': new Date(now - 5 * DAY), overdue: ['answer'] }, { status: 'acknowledged' });
    await make('closed', 'bribery', 3, {}, { status: 'closed' });
    await make('otherUnit', 'bribery', 0.5, {}, { unitId: 'aca@KZ-71' });
    // Written as the workers write them: wait until the API's rows hold them (and the flagged update).
    await eventuallyInbox(t.server.url, cookie, (items) => ['late', 'soon', 'later'].every((n) => items.some((i) => i.id === ids[n])) && items.find((i) => i.id === ids.flagged)?.deadlineState === 'overdue');
    await untilListed(t.server.url, cookie, [ids.closed], '&status=closed');
  });
  afterAll(async () => t?.stop());

  const inbox = async (query = '') => {
    const res = await consoleFetch(t.server.url, `/api/console/cases?${query}`, { cookie });
    expect(res.status).toBe(200);
    return res.body as { items: { id: string; deadlineState: string; mine: boolean; assigneeName: string | null }[]; hasMore: boolean; total: number };
  };
  const names = (items: { id: string }[]) => items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id));

  it('lists the open cases of my units only, nearest deadline first, with badges', async () => {
    const { items } = await inbox();
    expect(names(items)).toEqual(['late', 'soon', 'later', 'flagged']);
    expect(items.map((i) => i.deadlineState)).toEqual(['overdue', 'due_soon', 'on_time', 'overdue']);
    expect(items.map((i) => i.mine)).toEqual([false, true, false, false]);
    // Who holds each case, by name (a supervisor with hundreds of cases needs it at a glance).
    expect(items.map((i) => i.assigneeName)).toEqual([`Test ${colleague.username}`, `Test ${me.username}`, `Test ${colleague.username}`, `Test ${colleague.username}`]);
  });

  it('filters by deadline state, category, status and assignment', async () => {
    expect(names((await inbox('deadline=overdue')).items)).toEqual(['late', 'flagged']);
    expect(names((await inbox('deadline=due_soon')).items)).toEqual(['soon']);
    expect(names((await inbox('deadline=on_time')).items)).toEqual(['later']);
    expect(names((await inbox('category=procurement')).items)).toEqual(['soon']);
    expect(names((await inbox('status=closed')).items)).toEqual(['closed']);
    // "All": closed ones too (the closed case's deadline is 3 days away, so it sorts after "soon").
    expect(names((await inbox('status=all')).items)).toEqual(['late', 'soon', 'closed', 'later', 'flagged']);
    expect(names((await inbox('mine=1')).items)).toEqual(['soon']);
    const notMine = await consoleFetch(t.server.url, '/api/console/cases?unit=aca%40KZ-71', { cookie });
    expect(notMine.body.error.code).toBe('unit_not_yours');
  });

  it('finds a case by the reference someone quotes, only in my units', async () => {
    expect(names((await inbox(`status=all&ref=${ids.closed.slice(0, 8)}`)).items)).toEqual(['closed']);
    expect(names((await inbox(`ref=${ids.later.slice(0, 4)}`)).items)).toContain('later');
    // A case of another unit is not found by its reference either.
    expect((await inbox(`status=all&ref=${ids.otherUnit.slice(0, 8)}`)).items).toEqual([]);
    for (const bad of ['ab', 'a%20b%20c%20d', 'x'.repeat(23), 'abc$']) {
      const res = await consoleFetch(t.server.url, `/api/console/cases?ref=${bad}`, { cookie });
      expect([bad, res.status, res.body.error?.code]).toEqual([bad, 400, 'invalid_input']);
    }
  });

  it('pages on the server', async () => {
    const first = await inbox('pageSize=3');
    expect(names(first.items)).toEqual(['late', 'soon', 'later']);
    expect(first.hasMore).toBe(true);
    expect(first.total).toBe(4);
    const second = await inbox('pageSize=3&page=2');
    expect(names(second.items)).toEqual(['flagged']);
    expect(second.hasMore).toBe(false);
    expect(second.total).toBe(4);
    expect((await inbox('pageSize=3&category=procurement')).total).toBe(1);
  });
});
