import {
  cryptoReady,
  decryptAttachmentBytes,
  fromB64u,
  fromUtf8,
  generateBoxKeyPair,
  generateNotesKey,
  newContentId,
  openFileMeta,
  openMessage,
  openNote,
  openReportBody,
  openUnitKeyGrant,
  sealMessage,
  sealNote,
  openIdentity,
  unwrapDek,
  unwrapIdentityKey,
  unwrapNotesKey,
  wrapDekForUnit,
  wrapIdentityKeyForUnit,
  wrapNotesKeyForUnit,
  type Dek,
} from '../../../core/crypto';
import type { RoutingMetadata } from '../../../core/routing';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { untilListed } from '../../support/inboxPolling';
import { readStatus, uploadAttachment } from '../../support/reporterClient';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const BRIBERY: RoutingMetadata = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };
const UNIT_A = 'aca@KZ-75';
// Outside the case's candidate set (aca@KZ-75, prosecutor@KZ-75, triage@KZ): a transfer there needs a re-wrap.
const UNIT_B = 'aca@KZ-71';

describe('case work in the console, with real crypto on the browser side', () => {
  let t: ConsoleTestServer;
  let url: string;
  let member: FactoryAccount;
  let supervisor: FactoryAccount;
  let memberB: FactoryAccount;
  const cookies: Record<string, string> = {};
  const as = (who: string, path: string, options: { method?: string; body?: unknown } = {}) => consoleFetch(url, path, { ...options, cookie: cookies[who] });

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_cases');
    url = t.server.url;
    member = await t.factory.account();
    supervisor = await t.factory.account({ role: 'supervisor' });
    memberB = await t.factory.account();
    await t.factory.member(member, UNIT_A);
    await t.factory.member(supervisor, UNIT_A, { role: 'supervisor' });
    await t.factory.member(memberB, UNIT_B);
    const supervisorB = await t.factory.account({ role: 'supervisor' });
    // Busier than memberB, so a case transferred to UNIT_B goes to memberB (ties break on random ids).
    await t.factory.member(supervisorB, UNIT_B, { role: 'supervisor', openCases: 5 });
    for (const [name, a] of Object.entries({ member, supervisor, memberB, supervisorB })) cookies[name] = await t.factory.session(a);
  });
  afterAll(async () => t?.stop());

  /** What the console page does: open my grant for the unit (checked against the policy key), then the case DEK. */
  async function openCase(who: string, account: FactoryAccount, caseId: string) {
    const view = await as(who, `/api/console/cases/${caseId}`);
    expect(view.status).toBe(200);
    const units = await as(who, '/api/console/units');
    const unit = units.body.units.find((u: { unitId: string }) => u.unitId === view.body.unitId);
    const wrap = view.body.wraps[0];
    const grant = unit.grants.find((g: { generation: number }) => g.generation === wrap.generation);
    const unitKey = openUnitKeyGrant(grant.grant, account.keys.box, t.factory.unitPublicKey(view.body.unitId).publicKey);
    const dek = unwrapDek(wrap.wrap, unitKey);
    return { view: view.body, dek, unitKey };
  }

  const inboxIds = async (who: string) => (await as(who, '/api/console/cases')).body.items.map((c: { id: string }) => c.id);
  const stored = (id: string) => t.db.collection('cases').findOne({ _id: id as never });

  it('opens the report, the attachment and the thread in the browser, and the reporter reads the reply', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id, text: 'The deputy akim asked for 5 million tenge.' });
    const plaintext = new Uint8Array(300_000).map((_, i) => (i * 7) % 256);
    const up = await uploadAttachment(url, c.report.secrets, plaintext, 'contract.pdf');
    expect(up.status).toBe(200);
    // Written as the route worker writes it: listed once the API has applied the change message.
    expect((await untilListed(url, cookies.member, [c.id])).map((i) => i.id)).toContain(c.id);
    expect(await inboxIds('memberB')).not.toContain(c.id);

    const { view, dek } = await openCase('member', member, c.id);
    expect(JSON.parse(fromUtf8(openReportBody(dek, view.caseToken, view.body))).description).toContain('5 million');
    const file = view.attachments[0];
    expect(JSON.parse(fromUtf8(openFileMeta(dek, view.caseToken, file.contentId, file.meta))).name).toBe('contract.pdf');
    const res = await fetch(`${url}/api/console/cases/${c.id}/attachments/${file.fileId}`, { headers: { cookie: cookies.member } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment');
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const ciphertext = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(decryptAttachmentBytes(dek, view.caseToken, file.contentId, ciphertext)).equals(Buffer.from(plaintext))).toBe(true);

    const messageId = newContentId();
    const sealed = sealMessage(dek, view.caseToken, messageId, 'investigator', 'Thank you. Can you say which office?');
    expect((await as('member', `/api/console/cases/${c.id}/messages`, { method: 'POST', body: { messageId, sealed } })).status).toBe(201);
    const status = await readStatus(url, c.report.secrets);
    const reply = status.body.messages.find((m: { from: string }) => m.from === 'investigator');
    expect(fromUtf8(openMessage(c.report.secrets.dek, c.report.secrets.caseToken, reply.messageId, 'investigator', reply.sealed))).toContain('which office');
  });

  it('acknowledges once, tells the reporter with a template, and refuses a second acknowledgement', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id });
    const first = await as('member', `/api/console/cases/${c.id}/acknowledge`, { method: 'POST' });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('acknowledged');
    const second = await as('member', `/api/console/cases/${c.id}/acknowledge`, { method: 'POST' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('status_not_allowed');
    const status = await readStatus(url, c.report.secrets);
    expect(status.body.status).toBe('acknowledged');
    expect(status.body.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'status', status: 'acknowledged', template: 'acknowledged' })]));
    const wrongTemplate = await as('member', `/api/console/cases/${c.id}/status`, { method: 'POST', body: { to: 'investigation', template: 'acknowledged' } });
    expect(wrongTemplate.body.error.code).toBe('template_not_allowed');
    const close = await as('member', `/api/console/cases/${c.id}/status`, { method: 'POST', body: { to: 'closed', outcome: 'referred', template: 'closed_referred' } });
    expect(close.body).toEqual({ status: 'closed', outcome: 'referred' });
  });

  it('keeps internal notes under a unit notes key the reporter does not have', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id });
    const notesKey = generateNotesKey();
    const { generation, publicKey } = t.factory.unitPublicKey(UNIT_A);
    const notesWraps = [{ unitId: UNIT_A, generation, wrap: wrapNotesKeyForUnit(notesKey, publicKey) }];
    const noteId = newContentId();
    const withoutKey = await as('member', `/api/console/cases/${c.id}/notes`, { method: 'POST', body: { noteId, sealed: sealNote(notesKey, c.report.secrets.caseToken, noteId, 'x') } });
    expect(withoutKey.body.error.code).toBe('notes_key_required');
    const first = await as('member', `/api/console/cases/${c.id}/notes`, { method: 'POST', body: { noteId, sealed: sealNote(notesKey, c.report.secrets.caseToken, noteId, 'Check the tender file.'), notesWraps } });
    expect(first.status).toBe(201);
    const { view, unitKey } = await openCase('supervisor', supervisor, c.id);
    const key = unwrapNotesKey(view.notesWraps[0].wrap, unitKey);
    expect(fromUtf8(openNote(key, view.caseToken, view.notes[0].noteId, view.notes[0].sealed))).toBe('Check the tender file.');
    const status = await readStatus(url, c.report.secrets);
    expect(JSON.stringify(status.body)).not.toContain(view.notes[0].sealed.ct);
  });

  it('refuses a re-wrap for a key that is not in the signed policy, and changes nothing', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id });
    const { dek } = await openCase('supervisor', supervisor, c.id);
    const before = await stored(c.id);
    const attackerKey = generateBoxKeyPair();
    const foreign = await as('supervisor', `/api/console/cases/${c.id}/transfer`, {
      method: 'POST',
      body: { unitId: UNIT_B, reason: 'outside_competence', wrap: { unitId: UNIT_B, generation: 1, wrap: wrapDekForUnit(dek, attackerKey.publicKey) } },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('wrap_key_mismatch');
    const unknownGeneration = await as('supervisor', `/api/console/cases/${c.id}/transfer`, {
      method: 'POST',
      body: { unitId: UNIT_B, reason: 'outside_competence', wrap: { unitId: UNIT_B, generation: 7, wrap: wrapDekForUnit(dek, attackerKey.publicKey) } },
    });
    expect(unknownGeneration.body.error.code).toBe('unknown_unit_key');
    const noWrap = await as('supervisor', `/api/console/cases/${c.id}/transfer`, { method: 'POST', body: { unitId: UNIT_B, reason: 'outside_competence' } });
    expect(noWrap.body.error.code).toBe('wrap_required');
    expect(await stored(c.id)).toEqual(before);
  });

  it('transfers to another unit: readable by its member, gone from the first inbox and access', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id, text: 'transfer me' });
    const { dek } = await openCase('member', member, c.id);
    const { generation, publicKey } = t.factory.unitPublicKey(UNIT_B);
    const body = { unitId: UNIT_B, reason: 'outside_competence', wrap: { unitId: UNIT_B, generation, wrap: wrapDekForUnit(dek, publicKey) } };
    const byMember = await as('member', `/api/console/cases/${c.id}/transfer`, { method: 'POST', body });
    expect(byMember.status).toBe(403);
    const done = await as('supervisor', `/api/console/cases/${c.id}/transfer`, { method: 'POST', body });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ unitId: UNIT_B, assigneeId: memberB.id });
    expect(await inboxIds('member')).not.toContain(c.id);
    expect((await as('member', `/api/console/cases/${c.id}`)).status).toBe(404);
    expect(await inboxIds('memberB')).toContain(c.id);
    const opened = await openCase('memberB', memberB, c.id);
    expect(JSON.parse(fromUtf8(openReportBody(opened.dek as Dek, opened.view.caseToken, opened.view.body))).description).toBe('transfer me');
    const status = await readStatus(url, c.report.secrets);
    expect(status.body.timeline.map((e: { kind: string }) => e.kind)).toContain('transferred');
    expect(JSON.stringify(status.body)).not.toContain(UNIT_B);

    // Outside unit B's competence too: back to triage, which always holds a wrap.
    const declined = await as('memberB', `/api/console/cases/${c.id}/decline`, { method: 'POST', body: { reason: 'outside_competence' } });
    expect(declined.status).toBe(200);
    expect((await stored(c.id))!.unitId).toBe('triage@KZ');
  });

  it("keeps a confidential reporter's identity revealable by the unit a case is transferred to", async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id, identity: 'Aigerim S., +7 701 000 0000' });
    const { view, dek, unitKey } = await openCase('supervisor', supervisor, c.id);
    // The case view carries neither the identity ciphertext nor its key wraps (only the approved reveal does).
    expect(view.identityWraps).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain((await stored(c.id))!.identity.sealed.ct);
    const { generation, publicKey } = t.factory.unitPublicKey(UNIT_B);
    const body = { unitId: UNIT_B, reason: 'outside_competence', wrap: { unitId: UNIT_B, generation, wrap: wrapDekForUnit(dek, publicKey) } };
    const before = await stored(c.id);

    const withoutIdentity = await as('supervisor', `/api/console/cases/${c.id}/transfer`, { method: 'POST', body });
    expect(withoutIdentity.status).toBe(400);
    expect(withoutIdentity.body.error.code).toBe('identity_wrap_required');
    expect(await stored(c.id)).toEqual(before);

    // The supervisor's browser gets the identity KEY for the transfer (audited), re-wraps it for B.
    const forTransfer = await as('supervisor', `/api/console/cases/${c.id}/identity/transfer-key`, { method: 'POST', body: { unitId: UNIT_B } });
    const identityKey = unwrapIdentityKey(forTransfer.body.wraps[0].wrap, unitKey);
    const identityWrap = { unitId: UNIT_B, generation, wrap: wrapIdentityKeyForUnit(identityKey, publicKey) };
    expect((await as('supervisor', `/api/console/cases/${c.id}/transfer`, { method: 'POST', body: { ...body, identityWrap } })).status).toBe(200);

    const openedB = await openCase('memberB', memberB, c.id);
    expect(openedB.view.identityRevealable).toBe(true);
    // Unit B reveals through the decision: memberB asks, B's supervisor approves, memberB receives it.
    const asked = await as('memberB', `/api/console/cases/${c.id}/identity/requests`, { method: 'POST', body: { ground: 'court_order' } });
    expect((await as('supervisorB', `/api/console/cases/${c.id}/identity/requests/${asked.body.id}/decision`, { method: 'POST', body: { decision: 'approve' } })).status).toBe(200);
    const revealed = await as('memberB', `/api/console/cases/${c.id}/identity/reveal`, { method: 'POST', body: { requestId: asked.body.id } });
    expect(revealed.status).toBe(200);
    const keyB = unwrapIdentityKey(revealed.body.wraps[0].wrap, openedB.unitKey);
    expect(fromUtf8(openIdentity(keyB, openedB.view.caseToken, revealed.body.sealed))).toBe('Aigerim S., +7 701 000 0000');
  });

  it('assigns within the unit, recuses, labels and extends with a reason the reporter sees', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id });
    expect((await as('member', `/api/console/cases/${c.id}/assign`, { method: 'POST', body: { assigneeId: supervisor.id } })).status).toBe(403);
    const outsider = await as('supervisor', `/api/console/cases/${c.id}/assign`, { method: 'POST', body: { assigneeId: memberB.id } });
    expect(outsider.body.error.code).toBe('assignee_not_member');
    expect((await as('supervisor', `/api/console/cases/${c.id}/assign`, { method: 'POST', body: { assigneeId: supervisor.id } })).body).toEqual({ assigneeId: supervisor.id });

    const labels = await as('member', `/api/console/cases/${c.id}/labels`, { method: 'PUT', body: { labels: ['urgent', 'criminal_signs', 'urgent'] } });
    expect(labels.body.labels).toEqual(['criminal_signs', 'urgent']);
    expect((await as('member', `/api/console/cases/${c.id}/labels`, { method: 'PUT', body: { labels: ['Akim Ivanov'] } })).status).toBe(400);

    const before = (await stored(c.id))!.deadlines.answerBy as Date;
    // Only a supervisor extends, with a reason from the policy's list.
    const byMember = await as('member', `/api/console/cases/${c.id}/extend`, { method: 'POST', body: { days: 10, reason: 'extension_complexity' } });
    expect(byMember.status).toBe(403);
    expect(byMember.body.error.code).toBe('supervisor_only');
    const badReason = await as('supervisor', `/api/console/cases/${c.id}/extend`, { method: 'POST', body: { days: 10, reason: 'no_reason_at_all' } });
    expect(badReason.body.error.code).toBe('extension_reason_not_allowed');
    const ext = await as('supervisor', `/api/console/cases/${c.id}/extend`, { method: 'POST', body: { days: 10, reason: 'extension_complexity' } });
    expect(ext.status).toBe(200);
    expect(new Date(ext.body.answerBy).getTime()).toBeGreaterThan(before.getTime() + 10 * 864e5);
    const status = await readStatus(url, c.report.secrets);
    expect(status.body.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'extension', template: 'extension_complexity', days: 10 })]));

    const recused = await as('supervisor', `/api/console/cases/${c.id}/recuse`, { method: 'POST' });
    expect(recused.body).toEqual({ recused: true, assigneeId: member.id });
    expect((await as('supervisor', `/api/console/cases/${c.id}`)).status).toBe(404);
    expect(await inboxIds('supervisor')).not.toContain(c.id);
  });

  it('records every action in the case audit chain, which a supervisor can verify', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id });
    await as('member', `/api/console/cases/${c.id}`);
    await as('member', `/api/console/cases/${c.id}/acknowledge`, { method: 'POST' });
    expect((await as('member', `/api/console/cases/${c.id}/audit`)).status).toBe(403);
    const audit = await as('supervisor', `/api/console/cases/${c.id}/audit`);
    expect(audit.status).toBe(200);
    expect(audit.body.verification).toEqual({ ok: true, entries: 2, broken: null });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['case.status', 'case.opened']);
    expect(JSON.stringify(audit.body)).not.toMatch(/akim|tenge/i);
    await t.db.collection('auditevents').updateOne({ scope: `case:${c.id}`, seq: 1 }, { $set: { actor: 'someone-else' } });
    const broken = await as('supervisor', `/api/console/cases/${c.id}/audit`);
    expect(broken.body.verification.ok).toBe(false);
    expect(broken.body.verification.broken).toMatchObject({ seq: 1, reason: 'hash_mismatch' });
  });
});
