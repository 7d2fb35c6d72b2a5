import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, watchPage } from '../support/browser';
import { clientPinsDemoKey, DEMO_DIR, DEMO_PASSPHRASE, loadDemoDeployment } from '../support/demoDeployment';
import { ConsoleFactory, FACTORY_PASSWORD } from '../support/consoleFactory';
import type { TestDeployment } from '../support/deployment';
import { startServer, type Spawned } from '../support/processes';
import { REDIS_URL, ROOT, mongoUriFor, uniqueName } from '../support/testEnv';
import { investigatorOpensCase, investigatorSignsIn } from './pages/investigatorConsole';

/**
 * The console's deadlines panel and expiry banner in real Chromium (issue 14 items 1, 2, 6): a
 * supervisor signs in under a policy that runs out in 20 days and sees the banner; on a case
 * they record criminal signs (the referral clock appears) and extend the answer deadline with a
 * reason of the policy (the extension and the original deadline appear).
 */
jest.setTimeout(300_000);

const BRIBERY = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] as string[] };
const UNIT = 'aca@KZ-75';

let server: Spawned & { url: string };
let browser: BrowserContext;
let db: mongoose.Connection;
let factory: ConsoleFactory;
let tmp: string;

/** Signs a policy source with the demo root through the keys CLI, as the custodian would. */
function signWithDemoRoot(source: unknown, out: string): Promise<void> {
  const input = path.join(tmp, 'near-expiry.source.json');
  fs.writeFileSync(input, JSON.stringify(source, null, 2));
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'keys/cli.ts'), 'sign', '--dir', DEMO_DIR, '--in', input, '--out', out], { cwd: ROOT, env: { ...process.env, CC_KEYS_PASSPHRASE: DEMO_PASSPHRASE }, timeout: 120_000 }, (error, _o, stderr) =>
      error ? reject(new Error(stderr)) : resolve(),
    ),
  );
}

beforeAll(async () => {
  const demo = await loadDemoDeployment();
  if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client"');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-deadlines-e2e-'));
  // The demo policy (its unit keys), running out in 20 days, with the deadline rules of the current default source.
  const signed = JSON.parse(fs.readFileSync(demo.policyFile, 'utf8'));
  const current = JSON.parse(fs.readFileSync(path.join(ROOT, 'keys/policies/kz.source.json'), 'utf8'));
  const source = { ...signed.policy, version: Math.max(signed.policy.version, current.version), validUntil: new Date(Date.now() + 20 * 864e5 + 3600_000).toISOString(), slaEscalation: current.slaEscalation, extensions: current.extensions, calendar: current.calendar };
  const policyFile = path.join(tmp, 'near-expiry.signed.json');
  await signWithDemoRoot(source, policyFile);
  const uri = mongoUriFor(uniqueName('deadlinese2e'));
  db = await mongoose.createConnection(uri).asPromise();
  // The factory seals cases to the demo keys (the same in the re-signed version) and grants the unit key.
  factory = new ConsoleFactory(db, { policy: { ...demo.policy, version: source.version }, unitKeys: new Map([[UNIT, demo.unitKeyPair(UNIT)]]) } as unknown as TestDeployment);
  const prefix = uniqueName('q');
  server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: prefix, POW_DIFFICULTY: '6', ...demo.env, POLICY_FILE: policyFile, ...factory.env });
  // Cases the factory writes are announced to the API's inbox like the workers' would be.
  factory.announceCasesTo(REDIS_URL, prefix);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.dropDatabase().catch(() => {});
  await db?.close();
  await factory?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('a supervisor sees the expiry banner, records criminal signs and extends the answer deadline', async () => {
  const supervisor = await factory.account({ username: 'dana' });
  await factory.member(supervisor, UNIT, { role: 'supervisor' });
  const c = await factory.routedCase(BRIBERY, { assigneeId: supervisor.id });
  const page = await browser.newPage();
  const problems = watchPage(page);
  page.on('dialog', (d) => void d.accept());
  await investigatorSignsIn(page, server.url, 'dana', FACTORY_PASSWORD, supervisor.totpSecret);

  const banner = page.locator('[data-testid="expiry-banner"] [data-what="policy"]');
  await banner.waitFor({ timeout: 30_000 });
  expect(await banner.innerText()).toMatch(/expires on .*\b(19|20)\b/);

  await page.waitForSelector(`tr[data-case-id="${c.id}"]`, { timeout: 60_000 });
  await investigatorOpensCase(page, c.id);
  await page.waitForSelector('tr[data-deadline="answer"]');
  expect(await page.locator('tr[data-deadline="criminalReferral"]').count()).toBe(0);

  await page.getByRole('button', { name: 'Criminal signs found' }).click();
  await page.waitForSelector('tr[data-deadline="criminalReferral"]', { timeout: 30_000 });

  await page.fill('#ext-days', '5');
  await page.selectOption('#ext-reason', 'extension_awaiting_information');
  await page.getByRole('button', { name: 'Extend', exact: true }).click();
  const entry = page.locator('.case-deadlines .extensions li');
  await entry.waitFor({ timeout: 30_000 });
  expect(await entry.innerText()).toMatch(/Extended by 5 working days/);
  expect(await page.locator('.case-deadlines').innerText()).toMatch(/Original answer deadline/);
  const stored = await db.collection('cases').findOne({ _id: c.id as never });
  expect(stored?.deadlines.criminalReferralBy).toBeInstanceOf(Date);
  expect(stored?.extensions).toHaveLength(1);
  expect(stored?.timeline.some((e: { kind: string; template?: string }) => e.kind === 'extension' && e.template === 'extension_awaiting_information')).toBe(true);
  // The one 401 is the session check before signing in (the console asks /auth/me first).
  expect(problems.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
});
