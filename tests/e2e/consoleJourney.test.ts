import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { BrowserContext } from 'playwright-core';
import { cryptoReady, deriveCaseSecrets, fromUtf8, grantUnitKey, keyIdOf, openMessage } from '../../core/crypto';
import { launchBrowser, watchPage } from '../support/browser';
import { ConsoleFactory, consoleFetch, FACTORY_PASSWORD, type FactoryAccount } from '../support/consoleFactory';
import { clientPinsDemoKey, loadDemoDeployment, type DemoDeployment } from '../support/demoDeployment';
import type { TestDeployment } from '../support/deployment';
import { startServer, startWorkers, type Spawned } from '../support/processes';
import { untilListed } from '../support/inboxPolling';
import { readStatus } from '../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import type { FilePayload } from './pages/fixtures';
import { reporterChecksStatus } from './pages/reporterChecksStatus';
import { reporterOpensPortal } from './pages/reporterOpensPortal';
import { reporterSubmitsReport } from './pages/reporterSubmitsReport';
import {
  investigatorActivatesAccount,
  investigatorFailsToSignIn,
  investigatorClearsNotifications,
  investigatorOpensCase,
  investigatorRevealsIdentity,
  investigatorRequestsReveal,
  administratorDisablesAccount,
  investigatorFindsCaseByReference,
  investigatorReadsInbox,
  investigatorReplies,
  investigatorSavesAttachment,
  investigatorSignsIn,
  investigatorSignsOut,
  investigatorTransfersCase,
  totpCode,
} from './pages/investigatorConsole';

const UNIT_A = 'aca@KZ-75';
// Outside the candidate set of a KZ-75 bribery report: the transfer must re-wrap the case key in the browser.
const UNIT_B = 'aca@KZ-71';
const PASSWORD = 'a long passphrase for the console';

/**
 * The investigator's journey in real Chromium against the real server, workers, FerretDB and
 * Redis, with the demo deployment whose root key the built client pins.
 */
describe('investigator console in Chromium', () => {
  let demo: DemoDeployment;
  let server: Spawned & { url: string };
  let workers: Spawned;
  let browser: BrowserContext;
  let db: mongoose.Connection;
  let factory: ConsoleFactory;
  let adminCookie: string;

  beforeAll(async () => {
    await cryptoReady();
    demo = await loadDemoDeployment();
    if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client"');
    const uri = mongoUriFor(uniqueName('console_e2e'));
    db = await mongoose.createConnection(uri).asPromise();
    const unitKeys = new Map([UNIT_A, UNIT_B].map((u) => [u, demo.unitKeyPair(u)]));
    factory = new ConsoleFactory(db, { policy: demo.policy, unitKeys } as unknown as TestDeployment);
    const env = { MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '6', ...demo.env, ...factory.env };
    server = await startServer(env);
    workers = await startWorkers(env);
    browser = await launchBrowser();
    adminCookie = await factory.session(await factory.account({ role: 'admin' }));
  });
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output(), workers?.output());
    await browser?.close();
    await workers?.stop();
    await server?.stop();
    await db?.close();
  });

  const admin = (path: string, method: string, body?: unknown) => consoleFetch(server.url, `/api/console/admin${path}`, { method, body, cookie: adminCookie });

  /** The key custodian's CLI grant (`keys grant`), uploaded by the administrator for a member. */
  async function custodianGrants(membershipId: string, unitId: string, boxPublicKey: string) {
    const unit = demo.unitKeyPair(unitId);
    const wrap = grantUnitKey(unit.secretKey, Buffer.from(boxPublicKey, 'base64url'));
    const doc = { format: 'cc-unit-key-grant/1', unitId, generation: 1, unitPublicKey: Buffer.from(unit.publicKey).toString('base64url'), recipientPublicKey: boxPublicKey, recipientKeyId: keyIdOf(boxPublicKey), createdAt: new Date().toISOString(), grant: wrap };
    const res = await admin(`/memberships/${membershipId}/grants`, 'POST', doc);
    expect(res.status).toBe(201);
  }

  async function routedCase(caseToken: string, timeoutMs = 30_000) {
    const started = Date.now();
    for (;;) {
      const c = await db.collection('cases').findOne({ caseToken });
      if (c?.routeState === 'routed') return c;
      if (Date.now() - started > timeoutMs) throw new Error(`case not routed: ${JSON.stringify(c?.routeState)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('activates, signs in, opens and decrypts a report from the portal, saves its attachment, replies; the reporter reads the reply; a transfer moves the case to another unit', async () => {
    // The administrator invites the investigator and makes them a supervisor of unit A.
    const invite = await admin('/accounts', 'POST', { username: 'aigerim', displayName: 'Aigerim S.', role: 'supervisor' });
    expect(invite.status).toBe(201);
    const membership = await admin('/memberships', 'POST', { investigatorId: invite.body.investigatorId, unitId: UNIT_A, role: 'supervisor' });
    expect(membership.status).toBe(201);

    const page = await browser.newPage();
    const seen = watchPage(page);
    const { totpSecret, recoveryKey } = await investigatorActivatesAccount(page, `${server.url}/console?lang=en#invite=${invite.body.inviteToken}`, PASSWORD);
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){8}[0-9A-Z]$/);
    const stored = await db.collection('investigators').findOne({ username: 'aigerim' });
    expect(stored).toMatchObject({ state: 'active' });
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    await custodianGrants(membership.body.membershipId, UNIT_A, stored!.boxPublicKey);

    // A reporter submits a report with a document through the portal.
    const reporter = await browser.newPage();
    await reporterOpensPortal(reporter, server.url, 'en');
    const document: FilePayload = { name: 'contract-scan.pdf', mimeType: 'application/pdf', buffer: randomBytes(300_000) };
    const code = await reporterSubmitsReport(reporter, {
      category: 'bribery',
      region: 'KZ-75',
      seniority: 'S2',
      amount: 'A1',
      description: 'The head of the land office asked for 2 million tenge to sign the permit.',
      identity: { name: 'Dana K.', contact: 'dana.k@example.kz' },
      files: [document],
    });
    const secrets = deriveCaseSecrets(code, demo.policy.deploymentSalt);
    const kase = await routedCase(secrets.caseToken);
    const caseId = String(kase._id);
    expect(kase.unitId).toBe(UNIT_A);
    // The route worker announced the case; wait until the API's inbox rows hold it (a colleague sees it).
    const colleague = await factory.account();
    await factory.member(colleague, UNIT_A);
    expect((await untilListed(server.url, await factory.session(colleague), [caseId])).map((i) => i.id)).toContain(caseId);

    // Signing in again picks up the new grant (the activation used this step's code: use the next one).
    await investigatorSignsOut(page);
    const refused = await investigatorFailsToSignIn(page, server.url, 'aigerim', 'not the right passphrase', totpCode(totpSecret, 1));
    expect(refused).toBe('The user name, password or one-time code is wrong.');
    await investigatorSignsIn(page, server.url, 'aigerim', PASSWORD, totpSecret, 1);
    expect(await investigatorReadsInbox(page)).toContain(caseId);
    // The route worker told her about the new case: listed above the inbox until marked read.
    const investigatorId = String(stored!._id);
    for (let i = 0; i < 100 && !(await db.collection('notifications').findOne({ investigatorId, caseId })); i++) await new Promise((r) => setTimeout(r, 200));
    await investigatorReadsInbox(page);
    expect((await investigatorClearsNotifications(page)).join('\n')).toMatch(/new case/i);
    await investigatorReadsInbox(page);
    expect(await page.locator('[data-testid="notifications"]').count()).toBe(0);
    expect(await db.collection('notifications').countDocuments({ investigatorId, read: false })).toBe(0);
    expect(await investigatorOpensCase(page, caseId)).toContain('2 million tenge');

    const saved = await investigatorSavesAttachment(page, 'contract-scan.pdf');
    expect(saved.name).toBe('contract-scan.pdf');
    expect(saved.bytes.equals(document.buffer)).toBe(true);

    await investigatorReplies(page, 'Thank you. Which office building was it?');
    const status = await readStatus(server.url, secrets);
    const reply = status.body.messages.find((m: { from: string }) => m.from === 'investigator');
    expect(fromUtf8(openMessage(secrets.dek, secrets.caseToken, reply.messageId, 'investigator', reply.sealed))).toBe('Thank you. Which office building was it?');
    const seenByReporter = await reporterChecksStatus(reporter, code);
    expect(seenByReporter.messages.map((m) => m.text)).toContain('Thank you. Which office building was it?');

    // Transfer to unit B: its member can read the case, and it leaves unit A's inbox.
    const bMember: FactoryAccount = await factory.account({ username: 'bolat' });
    await factory.member(bMember, UNIT_B);
    await investigatorTransfersCase(page, UNIT_B);
    expect(await investigatorReadsInbox(page)).not.toContain(caseId);
    const moved = await db.collection('cases').findOne({ _id: caseId as never });
    expect(moved!.wraps.map((w: { unitId: string }) => w.unitId)).toContain(UNIT_B);
    // The confidential reporter's identity key was re-sealed to unit B in the browser too.
    expect(moved!.identity.wraps.map((w: { unitId: string }) => w.unitId)).toContain(UNIT_B);

    // Another person, another browser: the first one's session cookie must not be shared.
    const browserB = await launchBrowser();
    const pageB = await browserB.newPage();
    await investigatorSignsIn(pageB, server.url, 'bolat', FACTORY_PASSWORD, bMember.totpSecret);
    expect(await investigatorReadsInbox(pageB)).toContain(caseId);
    // Someone quotes the case by the reference the console shows: the search finds exactly it.
    const unknownRef = caseId.startsWith('zz') ? 'yyyyyyyy' : 'zzzzzzzz';
    expect(await investigatorFindsCaseByReference(pageB, unknownRef)).toEqual([]);
    expect(await investigatorFindsCaseByReference(pageB, caseId.slice(0, 8))).toEqual([caseId]);
    expect(await investigatorOpensCase(pageB, caseId)).toContain('2 million tenge');
    // The reveal is a decision: bolat asks on a legal ground, a supervisor of unit B approves,
    // then bolat opens it once. Before that, no answer carried the identity.
    expect(await pageB.locator('[data-testid="identity"]').count()).toBe(0);
    await investigatorRequestsReveal(pageB, 'court_order');
    const supervisorB = await factory.account({ role: 'supervisor', username: 'saule' });
    await factory.member(supervisorB, UNIT_B, { role: 'supervisor' });
    const supervisorCookie = await factory.session(supervisorB);
    const pending = (await consoleFetch(server.url, `/api/console/cases/${caseId}/identity/requests`, { cookie: supervisorCookie })).body.requests[0];
    expect((await consoleFetch(server.url, `/api/console/cases/${caseId}/identity/requests/${pending.id}/decision`, { method: 'POST', cookie: supervisorCookie, body: { decision: 'approve' } })).status).toBe(200);
    // Out of the unit again before the suspension below, which counts who else holds the key (a test shortcut, not the console's removal).
    await db.collection('memberships').updateOne({ investigatorId: supervisorB.id, unitId: UNIT_B }, { $set: { active: false } });
    await investigatorReadsInbox(pageB);
    await investigatorOpensCase(pageB, caseId);
    const shown = await investigatorRevealsIdentity(pageB);
    expect(shown).toContain('Dana K.');
    expect(shown).toContain('dana.k@example.kz');
    await browserB.close();

    // The administrator suspends bolat from the console: warned that no unit key changes, and
    // told that his one open case was taken from him (nobody else in unit B holds its key).
    const administrator = await factory.account({ role: 'admin', username: 'aliya' });
    const browserC = await launchBrowser();
    const pageC = await browserC.newPage();
    await investigatorSignsIn(pageC, server.url, 'aliya', FACTORY_PASSWORD, administrator.totpSecret);
    const disabled = await administratorDisablesAccount(pageC, 'bolat');
    await browserC.close();
    expect(disabled.warning).toMatch(/does not change any unit key/);
    expect(disabled.notice).toMatch(/bolat is disabled: open cases taken from them: 1/);
    expect((await db.collection('cases').findOne({ _id: caseId as never }))!.assigneeId).toBeUndefined();
    // The console asks /auth/me at start; before sign-in that answer is a 401, which Chromium logs.
    expect(seen.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    expect(seen.requests.every((u) => u.startsWith(server.url) || u.startsWith('blob:') || u.startsWith('data:'))).toBe(true);
  }, 300_000);
});
