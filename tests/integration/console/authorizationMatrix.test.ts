import { randomBytes } from 'node:crypto';
import {
  cryptoReady,
  generateInvestigatorKeys,
  generateNotesKey,
  grantUnitKey,
  keyIdOf,
  newContentId,
  relockWithNewPassword,
  sealMessage,
  sealNote,
  toB64u,
  wrapNotesKeyForUnit,
  type Dek,
} from '../../../core/crypto';
import type { RoutingMetadata } from '../../../core/routing';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { signPolicySource } from '../../support/deployment';
import { untilListed } from '../../support/inboxPolling';
import { uploadAttachment } from '../../support/reporterClient';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

const BRIBERY: RoutingMetadata = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };
const UNIT_A = 'aca@KZ-75';
const UNIT_B = 'aca@KZ-71';
const ACTORS = ['anonymous', 'member', 'other', 'supervisor', 'admin', 'disabled', 'expired', 'recused', 'nokey', 'selfadmin'] as const;
type Actor = (typeof ACTORS)[number];

/** A fresh world per cell, so a successful action in one cell cannot change another's answer. */
type World = { t: ConsoleTestServer; actor?: FactoryAccount; assignee: FactoryAccount; caseId: string; fileId: string; pending: FactoryAccount; spare: FactoryAccount; spareMembership: string };
type Request = { method: string; path: string; body?: unknown };
type Row = { name: string; request: (w: World) => Promise<Request> | Request; expect: Record<Actor, number>; attachment?: boolean; extras?: boolean };

// Expected answers by kind of endpoint: anonymous, member of the case's unit, member of another
// unit, supervisor of the unit, administrator (no membership), disabled account, expired session,
// a supervisor of the unit holding its key who recused from the case, a member of the unit
// without a key grant (pending), and an administrator who added themselves to the unit as
// supervisor (no key: membership is paperwork; case actions need the key, issue 13 item 5).
const caseWork = (ok: number) => ({ anonymous: 401, member: ok, other: 404, supervisor: ok, admin: 404, disabled: 401, expired: 401, recused: 404, nokey: 403, selfadmin: 403 });
const supervisorOnly = (ok: number) => ({ anonymous: 401, member: 403, other: 404, supervisor: ok, admin: 404, disabled: 401, expired: 401, recused: 404, nokey: 403, selfadmin: 403 });
const unitView = { anonymous: 401, member: 403, other: 404, supervisor: 200, admin: 200, disabled: 401, expired: 401, recused: 200, nokey: 403, selfadmin: 200 };
const anySession = (ok: number) => ({ anonymous: 401, member: ok, other: ok, supervisor: ok, admin: ok, disabled: 401, expired: 401, recused: ok, nokey: ok, selfadmin: ok });
const adminOnly = (ok: number) => ({ anonymous: 401, member: 403, other: 403, supervisor: 403, admin: ok, disabled: 401, expired: 401, recused: 403, nokey: 403, selfadmin: ok });

// The deployment's policy version, read in beforeAll: each administrator's upload spends the next one.
let policyVersion = 1;

const ROWS: Row[] = [
  { name: 'GET /auth/me', request: () => ({ method: 'GET', path: '/api/console/auth/me' }), expect: anySession(200) },
  {
    name: 'POST /auth/password',
    request: ({ actor }) => {
      const keys = actor?.keys ?? generateInvestigatorKeys();
      const byPassword = actor ? relockWithNewPassword(actor.locked, keys, randomBytes(32)).byPassword : { v: 1, alg: 'xchacha20poly1305-ietf', nonce: 'A'.repeat(32), ct: 'A'.repeat(107) };
      return { method: 'POST', path: '/api/console/auth/password', body: { currentAuthKey: actor?.authKey ?? 'A'.repeat(43), next: { authSalt: toB64u(randomBytes(16)), authKey: toB64u(randomBytes(32)), byPassword } } };
    },
    expect: anySession(204),
  },
  { name: 'POST /auth/logout', request: () => ({ method: 'POST', path: '/api/console/auth/logout' }), expect: { anonymous: 204, member: 204, other: 204, supervisor: 204, admin: 204, disabled: 204, expired: 204, recused: 204, nokey: 204, selfadmin: 204 } },
  {
    name: 'GET /cases (inbox)',
    // The case was written as a worker writes it; wait until the API's inbox rows hold it (its
    // assignee sees it), so "not listed" for the other callers is about authorization, not timing.
    request: async ({ t, assignee, caseId }) => {
      await untilListed(t.server.url, await t.factory.session(assignee), [caseId]);
      return { method: 'GET', path: '/api/console/cases?status=open&pageSize=50' };
    },
    expect: anySession(200),
  },
  { name: 'GET /cases/:id', request: ({ caseId }) => ({ method: 'GET', path: `/api/console/cases/${caseId}` }), expect: caseWork(200) },
  // The reveal itself needs an approved request (tests/integration/console/identityReveal.test.ts); asking is case work.
  { name: 'POST /cases/:id/identity/requests', request: ({ caseId }) => ({ method: 'POST', path: `/api/console/cases/${caseId}/identity/requests`, body: { ground: 'court_order' } }), expect: caseWork(201) },
  { name: 'GET /cases/:id/attachments/:fileId', attachment: true, request: ({ caseId, fileId }) => ({ method: 'GET', path: `/api/console/cases/${caseId}/attachments/${fileId}` }), expect: caseWork(200) },
  { name: 'POST /cases/:id/acknowledge', request: ({ caseId }) => ({ method: 'POST', path: `/api/console/cases/${caseId}/acknowledge` }), expect: caseWork(200) },
  { name: 'POST /cases/:id/status', request: ({ caseId }) => ({ method: 'POST', path: `/api/console/cases/${caseId}/status`, body: { to: 'acknowledged', template: 'acknowledged' } }), expect: caseWork(200) },
  {
    // Closing: the assignee or a supervisor, never any member (the matrix's member is not the assignee).
    name: 'POST /cases/:id/status (close)',
    request: ({ caseId }) => ({ method: 'POST', path: `/api/console/cases/${caseId}/status`, body: { to: 'closed', outcome: 'referred', template: 'closed_referred' } }),
    expect: { ...caseWork(200), member: 403 },
  },
  {
    name: 'POST /cases/:id/messages',
    request: ({ caseId }) => {
      const messageId = newContentId();
      return { method: 'POST', path: `/api/console/cases/${caseId}/messages`, body: { messageId, sealed: sealMessage(randomBytes(32) as unknown as Dek, 'A'.repeat(43) as never, messageId, 'investigator', 'reply') } };
    },
    expect: caseWork(201),
  },
  {
    name: 'POST /cases/:id/notes',
    request: ({ t, caseId }) => {
      const notesKey = generateNotesKey();
      const { generation, publicKey } = t.factory.unitPublicKey(UNIT_A);
      const noteId = newContentId();
      return { method: 'POST', path: `/api/console/cases/${caseId}/notes`, body: { noteId, sealed: sealNote(notesKey, 'A'.repeat(43) as never, noteId, 'note'), notesWraps: [{ unitId: UNIT_A, generation, wrap: wrapNotesKeyForUnit(notesKey, publicKey) }] } };
    },
    expect: caseWork(201),
  },
  { name: 'POST /cases/:id/assign', extras: true, request: ({ caseId, spare }) => ({ method: 'POST', path: `/api/console/cases/${caseId}/assign`, body: { assigneeId: spare.id } }), expect: supervisorOnly(200) },
  { name: 'POST /cases/:id/transfer', request: ({ caseId }) => ({ method: 'POST', path: `/api/console/cases/${caseId}/transfer`, body: { unitId: 'prosecutor@KZ-75', reason: 'escalation' } }), expect: supervisorOnly(200) },
  { name: 'POST /cases/:id/decline', request: ({ caseId }) => ({ method: 'POST', path: `/api/console/cases/${caseId}/decline`, body: { reason: 'outside_competence' } }), expect: caseWork(200) },
  // Stepping away needs no key (it only reduces one's own access); a recused caller is already out.
  { name: 'POST /cases/:id/recuse', request: ({ caseId }) => ({ method: 'POST', path: `/api/console/cases/${caseId}/recuse` }), expect: { ...caseWork(200), nokey: 200, selfadmin: 200 } },
  { name: 'PUT /cases/:id/labels', request: ({ caseId }) => ({ method: 'PUT', path: `/api/console/cases/${caseId}/labels`, body: { labels: ['urgent'] } }), expect: caseWork(200) },
  // Extensions are a supervisor's decision (APPC Art. 76; issue 14 item 2).
  { name: 'POST /cases/:id/extend', request: ({ caseId }) => ({ method: 'POST', path: `/api/console/cases/${caseId}/extend`, body: { days: 5, reason: 'extension_complexity' } }), expect: supervisorOnly(200) },
  { name: 'POST /cases/:id/criminal-signs', request: ({ caseId }) => ({ method: 'POST', path: `/api/console/cases/${caseId}/criminal-signs`, body: {} }), expect: caseWork(200) },
  { name: 'GET /cases/:id/audit', request: ({ caseId }) => ({ method: 'GET', path: `/api/console/cases/${caseId}/audit` }), expect: supervisorOnly(200) },
  { name: 'GET /units', request: () => ({ method: 'GET', path: '/api/console/units' }), expect: anySession(200) },
  {
    name: 'POST /units/:unitId/grants',
    extras: true,
    request: ({ t, pending }) => {
      const wrap = grantUnitKey(t.factory.unitKey(UNIT_A).secretKey, pending.keys.box.publicKey);
      return { method: 'POST', path: `/api/console/units/${UNIT_A}/grants`, body: { investigatorId: pending.id, generation: 1, grant: wrap } };
    },
    expect: { anonymous: 401, member: 201, other: 404, supervisor: 201, admin: 404, disabled: 401, expired: 401, recused: 201, nokey: 403, selfadmin: 403 },
  },
  { name: 'GET /units/:unitId/workload', request: () => ({ method: 'GET', path: `/api/console/units/${UNIT_A}/workload` }), expect: unitView },
  { name: 'GET /units/:unitId/audit', request: () => ({ method: 'GET', path: `/api/console/units/${UNIT_A}/audit` }), expect: unitView },
  { name: 'GET /notifications', request: () => ({ method: 'GET', path: '/api/console/notifications' }), expect: anySession(200) },
  { name: 'POST /notifications/read', request: () => ({ method: 'POST', path: '/api/console/notifications/read', body: { all: true } }), expect: anySession(200) },
  { name: 'GET /admin/accounts', request: () => ({ method: 'GET', path: '/api/console/admin/accounts' }), expect: adminOnly(200) },
  { name: 'GET /admin/engine', request: () => ({ method: 'GET', path: '/api/console/admin/engine' }), expect: adminOnly(200) },
  { name: 'POST /admin/accounts', request: () => ({ method: 'POST', path: '/api/console/admin/accounts', body: { username: `inv-${randomBytes(4).toString('hex')}`, displayName: 'X', role: 'investigator' } }), expect: adminOnly(201) },
  { name: 'POST /admin/accounts/:id/disable', extras: true, request: ({ spare }) => ({ method: 'POST', path: `/api/console/admin/accounts/${spare.id}/disable` }), expect: adminOnly(200) },
  {
    name: 'POST /admin/accounts/:id/enable',
    extras: true,
    request: async ({ t, spare }) => {
      await t.db.collection('investigators').updateOne({ _id: spare.id as never }, { $set: { state: 'disabled' } });
      return { method: 'POST', path: `/api/console/admin/accounts/${spare.id}/enable` };
    },
    expect: adminOnly(200),
  },
  { name: 'POST /admin/accounts/:id/reset', extras: true, request: ({ spare }) => ({ method: 'POST', path: `/api/console/admin/accounts/${spare.id}/reset` }), expect: adminOnly(200) },
  { name: 'POST /admin/memberships', extras: true, request: ({ spare }) => ({ method: 'POST', path: '/api/console/admin/memberships', body: { investigatorId: spare.id, unitId: UNIT_B, role: 'member' } }), expect: adminOnly(201) },
  { name: 'DELETE /admin/memberships/:id', extras: true, request: ({ spareMembership }) => ({ method: 'DELETE', path: `/api/console/admin/memberships/${spareMembership}` }), expect: adminOnly(200) },
  {
    name: 'POST /admin/memberships/:id/grants',
    extras: true,
    request: async ({ t, pending }) => {
      const membership = await t.db.collection('memberships').findOne({ investigatorId: pending.id, unitId: UNIT_A });
      const unit = t.factory.unitKey(UNIT_A);
      const grant = grantUnitKey(unit.secretKey, pending.keys.box.publicKey);
      const doc = { format: 'cc-unit-key-grant/1', unitId: UNIT_A, generation: 1, unitPublicKey: toB64u(unit.publicKey), recipientPublicKey: pending.locked.boxPublicKey, recipientKeyId: keyIdOf(pending.keys.box.publicKey), createdAt: new Date().toISOString(), grant };
      return { method: 'POST', path: `/api/console/admin/memberships/${membership!._id}/grants`, body: doc };
    },
    expect: adminOnly(201),
  },
  {
    name: 'POST /admin/policies',
    request: ({ t, actor }) => {
      // Only the administrator's cell gets past authorization, so only it spends a version.
      const version = actor?.role === 'admin' ? ++policyVersion : policyVersion + 100;
      const source = { ...(t.deployment.signed.policy as Record<string, unknown>), version };
      const signed = signPolicySource(source, { secretKey: t.deployment.rootSecretKey, publicKey: t.deployment.rootPublicKey });
      return { method: 'POST', path: '/api/console/admin/policies', body: { signed } };
    },
    expect: adminOnly(201),
  },
  { name: 'GET /admin/audit/:scope', request: () => ({ method: 'GET', path: '/api/console/admin/audit/accounts' }), expect: adminOnly(200) },
];

describe('authorization matrix: every console endpoint × every kind of caller', () => {
  let t: ConsoleTestServer;
  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_matrix');
    policyVersion = (t.deployment.signed.policy as { version: number }).version;
  });
  afterAll(async () => t?.stop());

  async function actorFor(kind: Actor): Promise<{ account?: FactoryAccount; cookie?: string }> {
    if (kind === 'anonymous') return {};
    const role = kind === 'supervisor' || kind === 'recused' ? 'supervisor' : kind === 'admin' || kind === 'selfadmin' ? 'admin' : 'investigator';
    const account = await t.factory.account({ role });
    if (kind === 'other') await t.factory.member(account, UNIT_B);
    else if (kind === 'nokey') await t.factory.member(account, UNIT_A, { grant: false });
    else if (kind !== 'admin' && kind !== 'selfadmin') await t.factory.member(account, UNIT_A, { role: role === 'supervisor' ? 'supervisor' : 'member' });
    const cookie = await t.factory.session(account, { expired: kind === 'expired' });
    if (kind === 'selfadmin') {
      // Through the console, as an administrator would do it.
      const added = await consoleFetch(t.server.url, '/api/console/admin/memberships', { method: 'POST', cookie, body: { investigatorId: account.id, unitId: UNIT_A, role: 'supervisor' } });
      expect([added.status, added.body.selfAdded]).toEqual([201, true]);
    }
    if (kind === 'disabled') await t.db.collection('investigators').updateOne({ _id: account.id as never }, { $set: { state: 'disabled' } });
    return { account, cookie };
  }

  async function worldFor(row: Row, actor?: FactoryAccount): Promise<World> {
    const assignee = await t.factory.account();
    await t.factory.member(assignee, UNIT_A, { openCases: 1 });
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: assignee.id, identity: 'Name: A. Reporter; phone +7 700 000 0000' });
    let fileId = '';
    if (row.attachment) {
      const up = await uploadAttachment(t.server.url, c.report.secrets, new Uint8Array(1000).fill(5));
      fileId = up.uploadId!;
    }
    if (!row.extras) return { t, actor, assignee, caseId: c.id, fileId } as World;
    const pending = await t.factory.account();
    await t.factory.member(pending, UNIT_A, { grant: false });
    const spare = await t.factory.account();
    const spareMembership = await t.factory.member(spare, UNIT_A);
    return { t, actor, assignee, caseId: c.id, fileId, pending, spare, spareMembership };
  }

  const results: string[] = [];
  afterAll(() => {
    if (process.env.SHOW_MATRIX) console.log(results.join('\n'));
  });

  // Ten callers per row, each in a fresh world, on a database that grows with every cell (FerretDB scans): a generous limit.
  for (const row of ROWS) {
    it(row.name, async () => {
      const got: Record<string, number> = {};
      for (const kind of ACTORS) {
        const { account, cookie } = await actorFor(kind);
        const world = await worldFor(row, account);
        if (kind === 'recused') {
          const recused = await consoleFetch(t.server.url, `/api/console/cases/${world.caseId}/recuse`, { method: 'POST', cookie });
          expect(recused.status).toBe(200);
        }
        const req = await row.request(world);
        const before = req.method === 'GET' ? undefined : await t.db.collection('cases').findOne({ _id: world.caseId as never });
        const res = await consoleFetch(t.server.url, req.path, { method: req.method, cookie, body: req.body });
        got[kind] = res.status;
        // A refused call changes nothing on the case it names.
        if (before && res.status >= 400) expect(await t.db.collection('cases').findOne({ _id: world.caseId as never })).toEqual(before);
        if (res.status >= 400) expect(res.body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
        if (row.name === 'GET /cases (inbox)' && res.status === 200) {
          const listed = res.body.items.some((i: { id: string }) => i.id === world.caseId);
          // Members without the key still see the row (metadata only) but cannot open or act on it.
          expect([kind, listed]).toEqual([kind, ['member', 'supervisor', 'nokey', 'selfadmin'].includes(kind)]);
        }
        // A recused supervisor's view of the unit's audit trail leaves the case out (its recusal included).
        if (kind === 'recused' && row.name === 'GET /units/:unitId/audit') {
          expect(JSON.stringify(res.body.entries)).not.toContain(world.caseId);
          expect(res.body.hidden).toBeGreaterThan(0);
        }
      }
      results.push(`${row.name.padEnd(40)} ${ACTORS.map((a) => `${a}=${got[a]}`).join(' ')}`);
      expect(got).toEqual(row.expect);
    }, 240_000);
  }
});
