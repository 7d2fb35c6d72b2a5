import mongoose from 'mongoose';
import { cryptoReady } from '../../../core/crypto';
import { createLogger } from '../../../server/logger';
import { PolicyStore } from '../../../server/policy/policyStore';
import { notifyProcessor } from '../../../workers/processors/notifyProcessor';
import type { WorkerContext } from '../../../workers/context';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const UNIT = 'aca@KZ-75';
const BRIBERY = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] as string[] };

/**
 * Issue 13, item 5: a member who recused from a case (a conflict of interest) no longer sees it
 * on the unit's workload or audit pages, and hears nothing more about it. Before the fix the
 * recused supervisor still saw it in the overdue list and the unit's audit trail, kept its
 * notifications, and was notified when it slipped.
 */
describe('recusal hides the case from the unit views and notifications', () => {
  let t: ConsoleTestServer;
  let supervisor: FactoryAccount;
  let colleague: FactoryAccount;
  let assignee: FactoryAccount;
  let caseId: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_recusal_views');
    supervisor = await t.factory.account();
    colleague = await t.factory.account();
    assignee = await t.factory.account();
    await t.factory.member(supervisor, UNIT, { role: 'supervisor' });
    await t.factory.member(colleague, UNIT, { role: 'supervisor' });
    await t.factory.member(assignee, UNIT, { openCases: 1 });
    cookies.supervisor = await t.factory.session(supervisor);
    cookies.colleague = await t.factory.session(colleague);
    // Overdue, so the workload lists it by id.
    caseId = (await t.factory.routedCase(BRIBERY, { assigneeId: assignee.id, nextDue: new Date(Date.now() - 3600_000) })).id;
    // Worker code (the notification processor) runs here, on the same database.
    mongoose.set('bufferCommands', false);
    await mongoose.connect(t.uri, { serverSelectionTimeoutMS: 3000 });
  });
  afterAll(async () => {
    await mongoose.disconnect();
    await t?.stop();
  });

  const get = async (who: string, path: string) => {
    const res = await consoleFetch(t.server.url, path, { cookie: cookies[who] });
    expect(res.status).toBe(200);
    return res.body;
  };
  const ctx = () => ({ now: () => new Date(), policies: new PolicyStore(t.deployment.rootPublicKey), logger: createLogger('silent', 'test') }) as unknown as WorkerContext;

  it('before the recusal the supervisor sees the case; afterwards neither on the workload nor in the audit trail', async () => {
    // Something about the case in the unit's trail (a label), and a notification as the worker leaves it.
    expect((await consoleFetch(t.server.url, `/api/console/cases/${caseId}/labels`, { method: 'PUT', cookie: cookies.colleague, body: { labels: ['urgent'] } })).status).toBe(200);
    await t.db.collection('notifications').insertOne({ _id: 'n-before-recusal' as never, investigatorId: supervisor.id, kind: 'overdue', caseId, caseRef: caseId.slice(0, 6), read: false, mailed: false, createdAt: new Date() });

    const before = await get('supervisor', `/api/console/units/${UNIT}/workload`);
    expect(before.overdue.map((c: { id: string }) => c.id)).toContain(caseId);
    expect(JSON.stringify((await get('supervisor', `/api/console/units/${UNIT}/audit`)).entries)).toContain(caseId);

    expect((await consoleFetch(t.server.url, `/api/console/cases/${caseId}/recuse`, { method: 'POST', cookie: cookies.supervisor })).status).toBe(200);

    const workload = await get('supervisor', `/api/console/units/${UNIT}/workload`);
    expect(JSON.stringify(workload)).not.toContain(caseId);
    expect(workload.openCases).toBe(before.openCases - 1);
    const audit = await get('supervisor', `/api/console/units/${UNIT}/audit`);
    expect(JSON.stringify(audit.entries)).not.toContain(caseId);
    expect(audit.hidden).toBeGreaterThanOrEqual(2);
    expect(audit.verification.ok).toBe(true);
    // Colleagues who did not recuse still see everything.
    expect((await get('colleague', `/api/console/units/${UNIT}/workload`)).overdue.map((c: { id: string }) => c.id)).toContain(caseId);
    expect(JSON.stringify((await get('colleague', `/api/console/units/${UNIT}/audit`)).entries)).toContain(caseId);
    // Earlier notifications about it are gone.
    expect((await get('supervisor', '/api/console/notifications')).items.map((n: { caseId: string }) => n.caseId)).not.toContain(caseId);
  });

  it('the notification worker tells the unit’s supervisors about the overdue case, but not the one who recused', async () => {
    const result = await notifyProcessor({ kind: 'overdue', caseId }, ctx(), { id: 'notify-overdue-recusal-test' });
    const told = (await t.db.collection('notifications').find({ caseId }).toArray()).map((n) => n.investigatorId);
    expect(told).toEqual(expect.arrayContaining([assignee.id, colleague.id]));
    expect(told).not.toContain(supervisor.id);
    expect(result).toEqual({ notified: 2 });
  });

  it('with nobody assigned, every member is told except the one who recused', async () => {
    await t.db.collection('cases').updateOne({ _id: caseId as never }, { $unset: { assigneeId: 1 } });
    await notifyProcessor({ kind: 'reminder', caseId }, ctx(), { id: 'notify-reminder-recusal-test' });
    const told = (await t.db.collection('notifications').find({ caseId, kind: 'reminder' }).toArray()).map((n) => n.investigatorId).sort();
    expect(told).toEqual([assignee.id, colleague.id].sort());
  });
});
