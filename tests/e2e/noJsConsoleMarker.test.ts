import mongoose from 'mongoose';
import type { BrowserContext } from 'playwright-core';
import { cryptoReady, deriveCaseSecrets } from '../../core/crypto';
import { routeCase } from '../../core/routing';
import { launchBrowser } from '../support/browser';
import { ConsoleFactory, FACTORY_PASSWORD } from '../support/consoleFactory';
import type { TestDeployment } from '../support/deployment';
import { clientPinsDemoKey, loadDemoDeployment } from '../support/demoDeployment';
import { untilListed } from '../support/inboxPolling';
import { startServer, type Spawned } from '../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { codeOnPage, postForm, reportFields } from '../integration/noJs/noJsHttp';
import { investigatorOpensCase, investigatorReadsInbox, investigatorSignsIn } from './pages/investigatorConsole';

/** The investigator's case page in Chromium says that the server sealed a no-JS report. */
describe('console: a no-JS case is marked "sealed by the server"', () => {
  let server: Spawned & { url: string };
  let browser: BrowserContext;
  let db: mongoose.Connection;
  let factory: ConsoleFactory;

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await factory?.close();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
  });

  it('a member of the receiving unit opens it, reads it, and sees the marker', async () => {
    await cryptoReady();
    const demo = await loadDemoDeployment();
    if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client"');
    const routing = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: ['criminal_signs'] };
    const route = routeCase(demo.policy, routing);
    const uri = mongoUriFor(uniqueName('nojs_console_e2e'));
    db = await mongoose.createConnection(uri).asPromise();
    factory = new ConsoleFactory(db, { policy: demo.policy, unitKeys: new Map([[route.primaryUnit, demo.unitKeyPair(route.primaryUnit)]]) } as unknown as TestDeployment);
    const prefix = uniqueName('q');
    factory.announceCasesTo(REDIS_URL, prefix);
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: prefix, ...demo.env, ...factory.env });

    const description = 'The district akimat demands a kickback for every permit (sent without JavaScript).';
    const code = codeOnPage((await postForm(server.url, '/nojs/report?lang=en', reportFields(description))).html);
    const { caseToken } = deriveCaseSecrets(code, demo.policy.deploymentSalt);
    const kase = (await db.collection('cases').findOne({ caseToken }))!;
    const caseId = String(kase._id);
    // As the route worker leaves it (no worker runs here), then announced to the API's inbox.
    const now = new Date();
    await db.collection('cases').updateOne({ _id: kase._id }, { $set: { routeState: 'routed', unitId: route.primaryUnit, ruleId: route.ruleId, chain: route.escalationChain, routedAt: now, deadlines: { acknowledgeBy: new Date(now.getTime() + 7 * 864e5), nextDue: new Date(now.getTime() + 7 * 864e5) } } });
    await factory.caseChanged(caseId);

    const member = await factory.account();
    await factory.member(member, route.primaryUnit);
    await untilListed(server.url, await factory.session(member), [caseId]);
    browser = await launchBrowser();
    const page = await browser.newPage();
    await investigatorSignsIn(page, server.url, member.username, FACTORY_PASSWORD, member.totpSecret);
    expect(await investigatorReadsInbox(page)).toContain(caseId);
    expect(await investigatorOpensCase(page, caseId)).toBe(description);
    expect(await page.locator('[data-testid="sealed-by-server"]').innerText()).toBe('sealed by the server (form without JavaScript): the server saw the report while sealing it');
  }, 180_000);
});
