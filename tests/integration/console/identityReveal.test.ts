/**
 * The identity reveal is a decision (issue 13 item 10, issue 14 item 4): a member asks on a legal
 * ground of the signed policy, a different person (a supervisor of the unit) approves, and only
 * then does the server release the identity ciphertext and its key wraps, once, to the member
 * who asked. Every step is audited; the reporter's timeline says to which unit and role; the
 * reporter can consent from the status page. Real API process, FerretDB, Redis and crypto.
 */
import { cryptoReady, fromUtf8, openIdentity, openUnitKeyGrant, unwrapIdentityKey } from '../../../core/crypto';
import type { RoutingMetadata } from '../../../core/routing';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { caseAuthHeader, readStatus } from '../../support/reporterClient';
import { caseIdForToken } from '../../../server/infra/ids';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

jest.setTimeout(180_000);

const BRIBERY: RoutingMetadata = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };
const UNIT_A = 'aca@KZ-75';
const UNIT_B = 'aca@KZ-71';
const IDENTITY = JSON.stringify({ name: 'Aigerim Serikova', iin: '900101300123', address: 'Almaty, Abai ave 1', contact: '+7 701 000 0000', note: '' });

describe('identity reveal: request, approval by another person, one release', () => {
  let t: ConsoleTestServer;
  let url: string;
  let member: FactoryAccount;
  let supervisor: FactoryAccount;
  let supervisor2: FactoryAccount;
  const cookies: Record<string, string> = {};
  const as = (who: string, path: string, options: { method?: string; body?: unknown } = {}) => consoleFetch(url, path, { ...options, cookie: cookies[who] });
  /** A factory case the reporter can reach with the code (its token's key document, as the intake writes it). */
  async function reachableCase(identity?: string) {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id, identity });
    await t.db.collection('caseKeys').updateOne({ _id: caseIdForToken(c.report.submission.caseToken) as never }, { $set: { caseId: c.id } }, { upsert: true });
    return c;
  }
  const stored = (id: string) => t.db.collection('cases').findOne({ _id: id as never });
  const auditActions = async (id: string) => (await t.db.collection('auditevents').find({ scope: `case:${id}` }).sort({ seq: 1 }).toArray()).map((e) => e.action);

  /** Every piece of the stored identity that must never appear in an answer before approval. */
  async function identitySecrets(id: string): Promise<string[]> {
    const kase = await stored(id);
    return [kase!.identity.sealed.ct, kase!.identity.sealed.nonce, ...kase!.identity.wraps.map((w: { wrap: { sealed: string } }) => w.wrap.sealed)];
  }
  const leaks = (answer: unknown, secrets: string[]) => secrets.filter((s) => JSON.stringify(answer).includes(s));

  async function unitKeyOf(who: string, account: FactoryAccount, unitId: string) {
    const units = await as(who, '/api/console/units');
    const unit = units.body.units.find((u: { unitId: string }) => u.unitId === unitId);
    return openUnitKeyGrant(unit.grants[0].grant, account.keys.box, t.factory.unitPublicKey(unitId).publicKey);
  }

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_reveal');
    url = t.server.url;
    member = await t.factory.account();
    supervisor = await t.factory.account({ role: 'supervisor' });
    supervisor2 = await t.factory.account({ role: 'supervisor' });
    await t.factory.member(member, UNIT_A);
    await t.factory.member(supervisor, UNIT_A, { role: 'supervisor' });
    await t.factory.member(supervisor2, UNIT_A, { role: 'supervisor' });
    for (const [name, a] of Object.entries({ member, supervisor, supervisor2 })) cookies[name] = await t.factory.session(a);
  });
  afterAll(async () => t?.stop());

  it('sends no identity bytes before approval, refuses self-approval, releases once to the requester, audits every step', async () => {
    const c = await reachableCase(IDENTITY);
    const secrets = await identitySecrets(c.id);
    const answers: unknown[] = [];
    const keep = <T extends { body: unknown }>(r: T) => (answers.push(r.body), r);

    // The case view: says the identity exists, carries neither its ciphertext nor any key wrap of it.
    for (const who of ['member', 'supervisor']) {
      const view = keep(await as(who, `/api/console/cases/${c.id}`));
      expect(view.status).toBe(200);
      expect(view.body.confidential).toBe(true);
      expect(view.body.identityRevealable).toBe(true);
      expect(view.body.identityWraps).toBeUndefined();
    }
    // Bad grounds change nothing.
    const unknown = keep(await as('member', `/api/console/cases/${c.id}/identity/requests`, { method: 'POST', body: { ground: 'curiosity' } }));
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'unknown_ground']);
    const noConsent = keep(await as('member', `/api/console/cases/${c.id}/identity/requests`, { method: 'POST', body: { ground: 'reporter_consent' } }));
    expect([noConsent.status, noConsent.body.error.code]).toEqual([409, 'no_reporter_consent']);

    const asked = keep(await as('member', `/api/console/cases/${c.id}/identity/requests`, { method: 'POST', body: { ground: 'court_order' } }));
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ requesterId: member.id, ground: 'court_order', state: 'pending' });
    const requestId = asked.body.id as string;
    const again = keep(await as('member', `/api/console/cases/${c.id}/identity/requests`, { method: 'POST', body: { ground: 'court_order' } }));
    expect(again.body.error.code).toBe('reveal_request_open');

    // Not yet approved: no release, to anyone.
    const early = keep(await as('member', `/api/console/cases/${c.id}/identity/reveal`, { method: 'POST', body: { requestId } }));
    expect([early.status, early.body.error.code]).toEqual([403, 'reveal_not_approved']);
    // A member cannot decide; a supervisor cannot decide their own request.
    const byMember = keep(await as('member', `/api/console/cases/${c.id}/identity/requests/${requestId}/decision`, { method: 'POST', body: { decision: 'approve' } }));
    expect(byMember.status).toBe(403);
    const own = keep(await as('supervisor', `/api/console/cases/${c.id}/identity/requests`, { method: 'POST', body: { ground: 'prosecutor_request' } }));
    const selfApproval = keep(await as('supervisor', `/api/console/cases/${c.id}/identity/requests/${own.body.id}/decision`, { method: 'POST', body: { decision: 'approve' } }));
    expect([selfApproval.status, selfApproval.body.error.code]).toEqual([403, 'own_reveal_request']);
    expect((await t.db.collection('revealrequests').findOne({ _id: own.body.id }))!.state).toBe('pending');
    keep(await as('member', `/api/console/cases/${c.id}/identity/requests`));

    // Nothing answered so far carried a byte of the identity or of its key wraps.
    expect(answers.flatMap((a) => leaks(a, secrets))).toEqual([]);

    const approved = await as('supervisor', `/api/console/cases/${c.id}/identity/requests/${requestId}/decision`, { method: 'POST', body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', decidedBy: supervisor.id });
    expect(leaks(approved.body, secrets)).toEqual([]);
    const twice = await as('supervisor2', `/api/console/cases/${c.id}/identity/requests/${requestId}/decision`, { method: 'POST', body: { decision: 'reject' } });
    expect(twice.body.error.code).toBe('reveal_request_decided');
    // The approver does not receive it: the release goes to the member who asked.
    const toApprover = await as('supervisor', `/api/console/cases/${c.id}/identity/reveal`, { method: 'POST', body: { requestId } });
    expect([toApprover.status, toApprover.body.error.code]).toEqual([404, 'reveal_request_not_found']);

    const released = await as('member', `/api/console/cases/${c.id}/identity/reveal`, { method: 'POST', body: { requestId } });
    expect(released.status).toBe(200);
    const unitKey = await unitKeyOf('member', member, UNIT_A);
    const identityKey = unwrapIdentityKey(released.body.wraps[0].wrap, unitKey);
    expect(fromUtf8(openIdentity(identityKey, c.report.submission.caseToken, released.body.sealed))).toBe(IDENTITY);
    // Once.
    const second = await as('member', `/api/console/cases/${c.id}/identity/reveal`, { method: 'POST', body: { requestId } });
    expect([second.status, second.body.error.code]).toEqual([409, 'identity_already_released']);
    expect(leaks(second.body, secrets)).toEqual([]);

    expect(await auditActions(c.id)).toEqual(
      expect.arrayContaining(['identity.reveal_requested', 'identity.reveal_approved', 'identity.revealed']),
    );
    const revealed = await t.db.collection('auditevents').findOne({ scope: `case:${c.id}`, action: 'identity.revealed' });
    expect(revealed).toMatchObject({ actor: member.id, details: { requestId, ground: 'court_order', approvedBy: supervisor.id } });
    // Unit chain too (supervisors read it on the unit's audit page).
    expect(await t.db.collection('auditevents').countDocuments({ scope: `unit:${UNIT_A}`, action: 'identity.revealed', 'details.caseId': c.id })).toBe(1);

    // The reporter's timeline: disclosed, to which unit and role (the default policy), never a name.
    const status = await readStatus(url, c.report.secrets);
    const entry = status.body.timeline.find((e: { kind: string }) => e.kind === 'identity_disclosed');
    expect(entry).toMatchObject({ unit: UNIT_A, role: 'member' });
    expect(entry.person).toBeUndefined();
    expect(JSON.stringify(status.body)).not.toContain(member.id);
  });

  it('a rejected request releases nothing', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id, identity: IDENTITY });
    const asked = await as('member', `/api/console/cases/${c.id}/identity/requests`, { method: 'POST', body: { ground: 'criminal_proceedings' } });
    const rejected = await as('supervisor', `/api/console/cases/${c.id}/identity/requests/${asked.body.id}/decision`, { method: 'POST', body: { decision: 'reject' } });
    expect(rejected.body.state).toBe('rejected');
    const release = await as('member', `/api/console/cases/${c.id}/identity/reveal`, { method: 'POST', body: { requestId: asked.body.id } });
    expect(release.status).toBe(403);
    expect(leaks(release.body, await identitySecrets(c.id))).toEqual([]);
    expect(await auditActions(c.id)).toContain('identity.reveal_rejected');
    expect(await auditActions(c.id)).not.toContain('identity.revealed');
  });

  it('the reporter consents from the status page; the consent becomes a ground; an anonymous case has nothing to consent to', async () => {
    const c = await reachableCase(IDENTITY);
    const consent = (secrets: typeof c.report.secrets) =>
      fetch(`${url}/api/reports/identity-consent`, { method: 'POST', headers: { authorization: caseAuthHeader(secrets) } }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect((await consent(c.report.secrets)).status).toBe(200);
    expect((await consent(c.report.secrets)).status).toBe(200); // idempotent
    const status = await readStatus(url, c.report.secrets);
    expect(status.body).toMatchObject({ confidential: true, identityConsent: true });
    expect(status.body.timeline.filter((e: { kind: string }) => e.kind === 'identity_consent')).toHaveLength(1);
    expect((await as('member', `/api/console/cases/${c.id}`)).body.identityConsent).toBe(true);
    // Reporter-caused: held until the end of its rounding bucket (server/audit/heldAudit.ts), then appended.
    expect(await t.db.collection('auditHeld').countDocuments({ caseId: c.id, action: 'identity.consent_given', actor: 'reporter' })).toBe(1);
    const asked = await as('member', `/api/console/cases/${c.id}/identity/requests`, { method: 'POST', body: { ground: 'reporter_consent' } });
    expect(asked.status).toBe(201);
    // Consent still needs a supervisor's approval before anything is released.
    expect((await as('member', `/api/console/cases/${c.id}/identity/reveal`, { method: 'POST', body: { requestId: asked.body.id } })).status).toBe(403);

    const anonymous = await reachableCase();
    const refused = await consent(anonymous.report.secrets);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'not_confidential']);
    const wrongCode = await fetch(`${url}/api/reports/identity-consent`, { method: 'POST', headers: { authorization: `Case ${'A'.repeat(43)}.${'B'.repeat(43)}` } });
    expect(wrongCode.status).toBe(404);
  });

  it('a transfer gets the identity KEY for re-wrapping (supervisor, audited), never the identity itself', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id, identity: IDENTITY });
    const byMember = await as('member', `/api/console/cases/${c.id}/identity/transfer-key`, { method: 'POST', body: { unitId: UNIT_B } });
    expect(byMember.status).toBe(403);
    const key = await as('supervisor', `/api/console/cases/${c.id}/identity/transfer-key`, { method: 'POST', body: { unitId: UNIT_B } });
    expect(key.status).toBe(200);
    const kase = await stored(c.id);
    expect(JSON.stringify(key.body)).not.toContain(kase!.identity.sealed.ct);
    expect(key.body.wraps.map((w: { unitId: string }) => w.unitId)).toEqual([UNIT_A]);
    expect(await auditActions(c.id)).toContain('identity.key_forwarding');
    const compliance = await as('supervisor', `/api/console/cases/${c.id}/identity/transfer-key`, { method: 'POST', body: { unitId: 'compliance@KZ-75' } });
    expect(compliance.body.error.code).toBe('excluded_unit_wrap');
  });
});
