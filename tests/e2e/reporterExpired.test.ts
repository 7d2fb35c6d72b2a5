import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, watchPage } from '../support/browser';
import { clientPinsDemoKey, DEMO_DIR, DEMO_PASSPHRASE, loadDemoDeployment } from '../support/demoDeployment';
import { startServer, type Spawned } from '../support/processes';
import { REDIS_URL, ROOT, mongoUriFor, uniqueName } from '../support/testEnv';
import { en } from '../../client/reporter/messages/en';
import { kk } from '../../client/reporter/messages/kk';
import { ru } from '../../client/reporter/messages/ru';

/**
 * After every signed policy ran out (issue 14 item 6), the reporter page in real Chromium says
 * in kk/ru/en that the service is paused, and shows no form and no error dump; the no-JS page
 * says it has no policy. The server holds only a policy that ended yesterday.
 */
jest.setTimeout(240_000);

let server: Spawned & { url: string };
let browser: BrowserContext;
let tmp: string;

beforeAll(async () => {
  const demo = await loadDemoDeployment();
  if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client:demo"');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-expired-e2e-'));
  const signed = JSON.parse(fs.readFileSync(demo.policyFile, 'utf8'));
  const current = JSON.parse(fs.readFileSync(path.join(ROOT, 'keys/policies/kz.source.json'), 'utf8'));
  const source = { ...signed.policy, version: Math.max(signed.policy.version, current.version), validFrom: '2026-01-01T00:00:00+05:00', validUntil: new Date(Date.now() - 864e5).toISOString() };
  const input = path.join(tmp, 'expired.source.json');
  const policyFile = path.join(tmp, 'expired.signed.json');
  fs.writeFileSync(input, JSON.stringify(source, null, 2));
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'keys/cli.ts'), 'sign', '--dir', DEMO_DIR, '--in', input, '--out', policyFile], { cwd: ROOT, env: { ...process.env, CC_KEYS_PASSPHRASE: DEMO_PASSPHRASE }, timeout: 120_000 }, (error, _o, stderr) =>
      error ? reject(new Error(stderr)) : resolve(),
    ),
  );
  server = await startServer({ MONGODB_URI: mongoUriFor(uniqueName('expirede2e')), REDIS_URL, QUEUE_PREFIX: uniqueName('q'), ...demo.env, POLICY_FILE: policyFile });
  browser = await launchBrowser();
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test.each([
  ['en', en.policy.expired],
  ['ru', ru.policy.expired],
  ['kk', kk.policy.expired],
])('the reporter page in %s says the service is paused, and offers no form', async (lang, text) => {
  const page = await browser.newPage();
  const problems = watchPage(page);
  await page.goto(`${server.url}/?lang=${lang}`);
  const notice = page.locator('[data-policy="unavailable"][data-cause="expired"]');
  await notice.waitFor({ timeout: 60_000 });
  expect(await notice.innerText()).toBe(text);
  expect(await page.locator('form').count()).toBe(0);
  // The one failed request is the policy's 503; nothing else went wrong on the page.
  expect(problems.errors.filter((e) => !/status of 503/.test(e))).toEqual([]);
  await page.close();
});

test('the no-JavaScript page answers 503 with its "no policy" page', async () => {
  const res = await fetch(`${server.url}/nojs?lang=en`);
  expect(res.status).toBe(503);
  expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
});
