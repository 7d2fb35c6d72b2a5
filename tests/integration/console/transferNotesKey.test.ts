import { cryptoReady, fromUtf8, generateNotesKey, newContentId, openNote, sealNote, unwrapDek, unwrapNotesKey, wrapDekForUnit, wrapNotesKeyForUnit } from '../../../core/crypto';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const BRIBERY = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] as string[] };
const UNIT_A = 'aca@KZ-75';
// Outside the case's candidate set: the case key must be sealed to it in the browser.
const UNIT_B = 'aca@KZ-71';

/**
 * Issue 13, item 9: a transfer of a case that has internal notes must bring the notes key for
 * the receiving unit, or that unit could never read what was recorded about the case. Before the
 * fix the transfer went through without it.
 */
describe('a transfer of a case with notes needs the notes key for the new unit', () => {
  let t: ConsoleTestServer;
  let supervisor: FactoryAccount;
  let cookie: string;

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_transfer_notes');
    supervisor = await t.factory.account();
    await t.factory.member(supervisor, UNIT_A, { role: 'supervisor' });
    await t.factory.member(await t.factory.account(), UNIT_B);
    cookie = await t.factory.session(supervisor);
  });
  afterAll(async () => t?.stop());

  it('refuses the transfer without the notes wrap (nothing changes), accepts it with one the new unit opens', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: supervisor.id });
    const kase = await t.db.collection('cases').findOne({ _id: c.id as never });
    const dek = unwrapDek(kase!.wraps.find((w: { unitId: string }) => w.unitId === UNIT_A).wrap, t.factory.unitKey(UNIT_A));

    // The first note, with the notes key wrapped for the case's unit, as the console does it.
    const notesKey = generateNotesKey();
    const noteId = newContentId();
    const a = t.factory.unitPublicKey(UNIT_A);
    const note = await consoleFetch(t.server.url, `/api/console/cases/${c.id}/notes`, {
      method: 'POST',
      cookie,
      body: { noteId, sealed: sealNote(notesKey, c.report.secrets.caseToken, noteId, 'witness met on Tuesday'), notesWraps: [{ unitId: UNIT_A, generation: a.generation, wrap: wrapNotesKeyForUnit(notesKey, a.publicKey) }] },
    });
    expect(note.status).toBe(201);

    const b = t.factory.unitPublicKey(UNIT_B);
    const wrap = { unitId: UNIT_B, generation: b.generation, wrap: wrapDekForUnit(dek, b.publicKey) };
    const before = await t.db.collection('cases').findOne({ _id: c.id as never });
    const refused = await consoleFetch(t.server.url, `/api/console/cases/${c.id}/transfer`, { method: 'POST', cookie, body: { unitId: UNIT_B, reason: 'outside_competence', wrap } });
    expect([refused.status, refused.body.error?.code]).toEqual([400, 'notes_wrap_required']);
    expect(await t.db.collection('cases').findOne({ _id: c.id as never })).toEqual(before);

    const notesWrap = { unitId: UNIT_B, generation: b.generation, wrap: wrapNotesKeyForUnit(notesKey, b.publicKey) };
    const done = await consoleFetch(t.server.url, `/api/console/cases/${c.id}/transfer`, { method: 'POST', cookie, body: { unitId: UNIT_B, reason: 'outside_competence', wrap, notesWrap } });
    expect(done.status).toBe(200);
    const after = await t.db.collection('cases').findOne({ _id: c.id as never });
    const theirs = unwrapNotesKey(after!.notesWraps.find((w: { unitId: string }) => w.unitId === UNIT_B).wrap, t.factory.unitKey(UNIT_B));
    const stored = await t.db.collection('notes').findOne({ caseId: c.id, noteId });
    expect(fromUtf8(openNote(theirs, c.report.secrets.caseToken, noteId, stored!.sealed))).toBe('witness met on Tuesday');
  });
});
