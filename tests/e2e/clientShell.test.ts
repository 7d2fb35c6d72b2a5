import type { BrowserContext } from 'playwright-core';
import { launchBrowser, watchPage } from '../support/browser';
import { startServer, type Spawned } from '../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';

/** The built client in real Chromium: libsodium loads under the strict CSP, three languages, one origin. */
describe('browser app shell', () => {
  let server: Spawned & { url: string };
  let browser: BrowserContext;

  beforeAll(async () => {
    server = await startServer({ MONGODB_URI: mongoUriFor(uniqueName('shell')), REDIS_URL });
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
      await page.waitForSelector('[data-crypto="ready"]', { timeout: 20_000 });
      expect(await page.locator('html').getAttribute('lang')).toBe('en');

      await page.click('button[data-lang="kk"]');
      await page.waitForFunction(() => document.documentElement.lang === 'kk');
      expect(await page.locator('h1').innerText()).toMatch(/[әғқңөұүһі]/i);
      await page.click('button[data-lang="ru"]');
      await page.waitForFunction(() => document.documentElement.lang === 'ru');
      expect(await page.locator('h1').innerText()).toMatch(/[а-я]/i);

      const origin = new URL(server.url).origin;
      expect(seen.requests.length).toBeGreaterThan(1);
      expect(seen.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
      expect(seen.errors).toEqual([]);
      const cookies = await browser.cookies();
      expect(cookies).toEqual([]);
      await page.close();
    });
  }
});
