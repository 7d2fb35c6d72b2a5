import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage } from '../support/browser';
import { clientPinsDemoKey, loadDemoDeployment } from '../support/demoDeployment';
import { ConsoleFactory } from '../support/consoleFactory';
import type { TestDeployment } from '../support/deployment';
import { startServer, type Spawned } from '../support/processes';
import { REDIS_URL, ROOT, mongoUriFor, uniqueName } from '../support/testEnv';
import { PolicyStore } from '../../server/policy/policyStore';
import { computeStatistics } from '../../server/statistics/compute';
import { lastPublishableMonth, monthRange } from '../../server/statistics/periods';
import { caseDocument, syntheticCases } from '../integration/statistics/caseFixtures';

/**
 * The public statistics page in real Chromium, in Kazakh, Russian and English: charts drawn,
 * every chart followed by its table, the lonely report's figures shown only as hidden, no
 * serious or critical axe-core violation, nothing loaded from elsewhere, no CSP error. Then the
 * national report: refused without a supervisor session, printable with one.
 */
const lastMonth = lastPublishableMonth(new Date(), 30, 300);
const year = String(Number(lastMonth.slice(0, 4)) - 1);
const lonelyMonth = `${year}-03`;
const TITLES = { kk: 'Сыбайлас жемқорлық туралы хабарламалардың ашық статистикасы', ru: 'Открытая статистика сообщений о коррупции', en: 'Public statistics on corruption reports' };

let server: Spawned & { url: string };
let browser: BrowserContext;
let db: mongoose.Connection;
let factory: ConsoleFactory;

async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (rightly) blocks an inline <script>.
  await page.evaluate(fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.impact} ${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

/** True once a canvas has painted something other than its blank background. */
const canvasesPainted = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('canvas')].map((c) => {
      const g = (c as HTMLCanvasElement).getContext('2d')!;
      const { data } = g.getImageData(0, 0, c.width, c.height);
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    }),
  );

beforeAll(async () => {
  const demo = await loadDemoDeployment();
  if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client"');
  const uri = mongoUriFor(uniqueName('statspage'));
  db = await mongoose.createConnection(uri).asPromise();
  factory = new ConsoleFactory(db, demo as unknown as TestDeployment);
  const categories = demo.policy.categories.map((c) => c.id).filter((c) => c !== 'retaliation');
  const regions = demo.policy.regions.map((r) => r.code as string).filter((r) => r !== 'KZ-62');
  const cases = syntheticCases(1200, monthRange(`${year}-01`, lastMonth), categories, regions, 11);
  cases.push({ category: 'retaliation', region: 'KZ-62', receivedAt: new Date(`${lonelyMonth}-14T06:00:00Z`) });
  await db.collection('cases').insertMany(cases.map(caseDocument) as never[]);
  await mongoose.connect(uri);
  const policies = new PolicyStore(demo.rootPublicKey);
  await policies.remember(JSON.parse(fs.readFileSync(demo.policyFile, 'utf8')));
  await computeStatistics({ policies });
  // Only the default connection: mongoose.disconnect() would close the factory's as well.
  await mongoose.connection.close();
  server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), ...demo.env, ...factory.env });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.close();
});

for (const lang of ['kk', 'ru', 'en'] as const) {
  test(`${lang}: the year's page shows charts with their tables, hides the lonely report, and passes axe`, async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/stats?lang=${lang}&period=${year}`);
    await page.locator('[data-chart="category"] tbody tr').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    expect(await page.locator('h1').textContent()).toBe(TITLES[lang]);
    // Trend, category, region, unit kind, state, sector (issue 14), deadlines: seven charts, each with a table right after it.
    for (const id of ['trend', 'category', 'region', 'unitKind', 'state', 'sector', 'deadlines']) {
      await expect(page.locator(`[data-chart="${id}"] canvas`).count()).resolves.toBe(1);
      await expect(page.locator(`[data-chart="${id}"] table`).count()).resolves.toBe(1);
    }
    expect((await canvasesPainted(page)).every(Boolean)).toBe(true);
    // Names come from the verified policy, in the page's language.
    const bribery = { kk: 'Пара', ru: 'Взяточничество', en: 'Bribery' }[lang];
    expect(await page.locator('[data-chart="category"] tbody').textContent()).toContain(bribery);
    // The category nobody else used: its year figure is shown only as hidden.
    const lonely = page.locator('[data-chart="category"] tr[data-value="retaliation"] td');
    expect(await lonely.locator('.suppressed').count()).toBe(1);
    expect(await page.locator('[data-chart="region"] tr[data-value="KZ-62"] td .suppressed').count()).toBe(1);
    expect(await page.locator('[data-figure="total"]').textContent()).toMatch(/\d/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(watch.requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:'))).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.screenshot({ path: path.join(ROOT, `.data/stats-${lang}.png`), fullPage: true });
    await page.close();
  });
}

test('a month of the year in progress, chosen in the selector; the lonely month hides the report there too', async () => {
  const page = await browser.newPage();
  const watch = watchPage(page);
  await page.goto(`${server.url}/stats?lang=en`);
  await page.locator('#period').waitFor();
  // The default is the newest year, still in progress: months side by side, no year totals.
  await page.locator('[data-table="category"]').waitFor();
  expect(await page.locator('[data-figure="total"]').textContent()).toBe('…');
  await page.selectOption('#period', lonelyMonth);
  await page.locator('[data-chart="category"] tr[data-value="retaliation"]').waitFor();
  expect(await page.locator('[data-chart="category"] tr[data-value="retaliation"] td .suppressed').count()).toBe(1);
  expect(new URL(page.url()).searchParams.get('period')).toBe(lonelyMonth);
  expect(await page.locator(`a[href="/api/public/stats/${lonelyMonth}.csv"]`).count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
  expect(watch.errors).toEqual([]);
  await page.close();
});

test('the national report: refused without a supervisor session, complete and printable with one', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/stats?lang=ru&period=${year}&view=report`);
  await page.locator('[data-report="denied"]').waitFor();

  const supervisor = await factory.account({ role: 'supervisor' });
  const [name, value] = (await factory.session(supervisor)).split('=');
  // The console's __Host- cookie: Secure and Path=/ (Chromium keeps Secure cookies on http://127.0.0.1).
  await browser.addCookies([{ name, value, domain: '127.0.0.1', path: '/', httpOnly: true, secure: true, sameSite: 'Strict' }]);
  const watch = watchPage(page);
  await page.reload();
  await page.locator('[data-report="ok"]').waitFor();
  expect(await page.locator('h1').textContent()).toBe('Национальный доклад о противодействии коррупции');
  expect(await page.locator('table.risk-table').count()).toBe(4);
  const q1 = page.locator(`table[data-quarter="${year}-Q1"] tr[data-category="retaliation"] td[data-region="KZ-62"] .suppressed`);
  expect(await q1.count()).toBe(1);
  expect(await page.locator(`table[data-units="${year}"] tbody tr`).count()).toBeGreaterThan(0);
  expect(await page.locator('table[data-workload] tbody tr').count()).toBeGreaterThan(0);
  expect(await seriousViolations(page)).toEqual([]);
  expect(watch.errors).toEqual([]);

  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('button.primary').isVisible()).toBe(false);
  expect(await page.locator('#period').isVisible()).toBe(false);
  const pdf = await page.pdf({ format: 'A4', landscape: true });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  fs.writeFileSync(path.join(ROOT, '.data/national-report.pdf'), pdf);
  await page.close();
});
