import mongoose from 'mongoose';
import type { BrowserContext } from 'playwright-core';
import { cryptoReady } from '../../core/crypto';
import { routeCase, type RoutingMetadata } from '../../core/routing';
import { launchBrowser, watchPage } from '../support/browser';
import { ConsoleFactory, FACTORY_PASSWORD } from '../support/consoleFactory';
import { clientPinsDemoKey, loadDemoDeployment, type DemoDeployment } from '../support/demoDeployment';
import type { TestDeployment } from '../support/deployment';
import { startServer, type Spawned } from '../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { investigatorSignsIn } from './pages/investigatorConsole';

const COPY_UNIT = 'aca@KZ-75';
const RETALIATION: RoutingMetadata = { category: 'retaliation', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] };

/**
 * Issue 14 item 3 in real Chromium: a member of a unit notified with a copy view ("+ notify aca"
 * of R1) follows the notification to the copies page and reads the report, decrypted in the
 * page with the unit key; nothing on the page acts on the case.
 */
describe('read-only copies in the console', () => {
  let demo: DemoDeployment;
  let server: Spawned & { url: string };
  let browser: BrowserContext;
  let db: mongoose.Connection;
  let factory: ConsoleFactory;

  beforeAll(async () => {
    await cryptoReady();
    demo = await loadDemoDeployment();
    if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client:demo"');
    const uri = mongoUriFor(uniqueName('copies_e2e'));
    db = await mongoose.createConnection(uri).asPromise();
    factory = new ConsoleFactory(db, { policy: demo.policy, unitKeys: new Map([[COPY_UNIT, demo.unitKeyPair(COPY_UNIT)]]) } as unknown as TestDeployment);
    const prefix = uniqueName('q');
    factory.announceCasesTo(REDIS_URL, prefix);
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: prefix, POW_DIFFICULTY: '6', ...demo.env, ...factory.env });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await factory?.close();
    await server?.stop();
    await db?.close();
  });

  it('follows the `copy` notification to the copy and reads it, with no action on the case', async () => {
    const member = await factory.account({ username: 'yerlan' });
    await factory.member(member, COPY_UNIT);
    const route = routeCase(demo.policy, RETALIATION);
    const kase = await factory.routedCase(RETALIATION, { text: 'I was moved to another post after reporting the bribe.' });
    // As the route worker leaves it: held by the prosecutor, aca a copy unit with a notification.
    await db.collection('cases').updateOne({ _id: kase.id as never }, { $set: { notifiedUnits: route.notifyUnits, copyUnits: route.copyUnits } });
    await db.collection('notifications').insertOne({ _id: `n${kase.id}` as never, investigatorId: member.id, kind: 'copy', caseId: kase.id, caseRef: kase.id.slice(0, 6), read: false, mailed: true, createdAt: new Date() });

    const page = await browser.newPage();
    const seen = watchPage(page);
    await investigatorSignsIn(page, server.url, 'yerlan', FACTORY_PASSWORD, member.totpSecret);
    // Not in the inbox (another unit holds the case); the notification links to the copy.
    expect(await page.locator(`tr[data-case-id="${kase.id}"]`).count()).toBe(0);
    const link = page.locator(`[data-testid="notifications"] a[href="#copy/${kase.id}"]`);
    expect(await link.innerText()).toBe(kase.id.slice(0, 6));
    await link.click();
    await page.waitForSelector('[data-testid="copy-text"]', { timeout: 30_000 });
    expect(await page.locator('[data-testid="copy-text"]').innerText()).toContain('moved to another post');
    expect(await page.locator('[data-testid="copy-read-only"]').innerText()).toContain('Read only');
    // No case work here: no action buttons, no identity, no notes.
    expect(await page.locator('[data-testid="copy"] button').count()).toBe(0);
    // The list of copies names it too, and the opening was audited.
    await page.goto(`${server.url}/console?lang=en#copies`);
    await page.waitForSelector(`[data-copy-id="${kase.id}"]`, { timeout: 30_000 });
    expect(await db.collection('auditevents').countDocuments({ scope: `case:${kase.id}`, action: 'copy.opened', actor: member.id })).toBe(1);
    // The only console error: the session check before signing in (401, expected).
    expect(seen.errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
  }, 180_000);
});
