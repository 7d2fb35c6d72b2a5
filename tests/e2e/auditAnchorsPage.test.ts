import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { BrowserContext, Page } from 'playwright-core';
import { cryptoReady } from '../../core/crypto';
import { appendAudit } from '../../server/audit/appendAudit';
import { anchorPublicKey, makeAuditAnchor } from '../../server/audit/anchors';
import { consoleSecrets } from '../../server/commands/console/serverSecrets';
import { launchBrowser, watchPage } from '../support/browser';
import { clientPinsDemoKey, loadDemoDeployment } from '../support/demoDeployment';
import { startServer, type Spawned } from '../support/processes';
import { REDIS_URL, ROOT, mongoUriFor, uniqueName } from '../support/testEnv';

/**
 * Issue 13, item 6: the public statistics page shows each day's signed audit anchor and the key
 * that signs them, with the open data to keep, in Kazakh, Russian and English (real Chromium).
 */
const TITLES = { kk: 'Аудит журналы: күн сайынғы қол қойылған белгілер', ru: 'Журнал аудита: ежедневные подписанные отметки', en: 'Audit trail: signed daily anchors' };
const serverSecret = randomBytes(32).toString('base64url');
const secrets = consoleSecrets({ SERVER_SECRET: serverSecret, NODE_ENV: 'test' })!;

let server: Spawned & { url: string };
let browser: BrowserContext;
const hashes: string[] = [];

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document.querySelector('.anchors'), { resultTypes: ['violations'] });
    return result.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => `${v.impact} ${v.id}`);
  });
}

beforeAll(async () => {
  await cryptoReady();
  const demo = await loadDemoDeployment();
  if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client:demo"');
  const uri = mongoUriFor(uniqueName('anchorpage'));
  await mongoose.connect(uri);
  await appendAudit({ scope: 'case:page-case', actor: 'inv-1', action: 'identity.revealed' });
  // Two days: the page shows the last anchor of each, newest first.
  for (const [at, trigger] of [['2026-03-01T00:10:00Z', 'daily'], ['2026-03-01T09:00:00Z', 'on_demand'], ['2026-03-02T00:10:00Z', 'daily']] as const) {
    const made = await makeAuditAnchor(secrets, { now: new Date(at), trigger });
    expect(made.made).toBe(true);
  }
  const anchors = await mongoose.connection.db!.collection('auditAnchors').find({}, { sort: { _id: 1 } }).toArray();
  hashes.push(...anchors.map((a) => a.hash as string));
  await mongoose.disconnect();
  server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), ...demo.env, SERVER_SECRET: serverSecret });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it.each(['kk', 'ru', 'en'] as const)('shows each day\'s last anchor and the signing key (%s)', async (lang) => {
  const page = await browser.newPage();
  const watch = watchPage(page);
  await page.goto(`${server.url}/stats?lang=${lang}`);
  const section = page.locator('section.anchors');
  await section.waitFor({ timeout: 30_000 });
  expect(await section.getAttribute('data-anchors')).toBe('2');
  expect(await section.locator('h2').textContent()).toBe(TITLES[lang]);
  const rows = await section.locator('tbody tr').allTextContents();
  // Newest day first; for 1 March the day's later anchor (made on demand) is the one shown.
  expect(rows[0]).toContain('2026-03-02');
  expect(rows[0]).toContain(hashes[2]);
  expect(rows[1]).toContain('2026-03-01');
  expect(rows[1]).toContain(hashes[1]);
  expect(await section.textContent()).toContain(anchorPublicKey(secrets));
  expect(await section.textContent()).not.toContain('page-case');
  expect(await section.locator('a[href="/api/public/stats/anchors.json"]').count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
  expect(watch.errors).toEqual([]);
  expect(watch.requests.filter((u) => !u.startsWith(server.url))).toEqual([]);
  await page.close();
}, 90_000);
