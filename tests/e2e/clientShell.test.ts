import type { BrowserContext } from 'playwright-core';
import { launchBrowser, watchPage } from '../support/browser';
import { startServer, type Spawned } from '../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { loadDemoDeployment } from '../support/demoDeployment';

/** The built client in real Chromium: libsodium loads under the strict CSP, three languages, one origin. */
describe('browser app shell', () => {
  let server: Spawned & { url: string };
  let browser: BrowserContext;

  beforeAll(async () => {
    const demo = await loadDemoDeployment();
    server = await startServer({ MONGODB_URI: mongoUriFor(uniqueName('shell')), REDIS_URL, ...demo.env });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const path of ['/', '/console']) {
    it(`${path} loads libsodium under the CSP, switches kk/ru/en, and talks only to its own origin`, async () => {
      const page = await browser.newPage();
      const seen = watchPage(page);
      await page.goto(`${server.url}${path}?lang=en`);
      // libsodium's WebAssembly compiled under the CSP: the loading notice is gone, no failure shown.
      await page.waitForFunction(() => document.querySelector('main') && !document.querySelector('[data-crypto="loading"]'), null, { timeout: 20_000 });
      expect(await page.locator('[data-crypto="failed"]').count()).toBe(0);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');

      await page.click('button[data-lang="kk"]');
      await page.waitForFunction(() => document.documentElement.lang === 'kk');
      expect(await page.locator('header').innerText()).toMatch(/[әғқңөұүһі]/i);
      await page.click('button[data-lang="ru"]');
      await page.waitForFunction(() => document.documentElement.lang === 'ru');
      expect(await page.locator('header').innerText()).toMatch(/[а-я]/i);

      const origin = new URL(server.url).origin;
      expect(seen.requests.length).toBeGreaterThan(1);
      expect(seen.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
      // The console asks for its session first; a 401 before sign-in is the expected answer.
      const expected = path === '/console' ? /status of 401/ : /^$/;
      expect(seen.errors.filter((e) => !expected.test(e))).toEqual([]);
      const cookies = await browser.cookies();
      expect(cookies).toEqual([]);
      await page.close();
    });
  }
});
