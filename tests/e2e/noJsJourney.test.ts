import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { deriveCaseSecrets } from '../../core/crypto';
import { launchBrowser, watchPage } from '../support/browser';
import { seriousAccessibilityViolations } from './pages/portalChecks';
import { loadDemoDeployment, type DemoDeployment } from '../support/demoDeployment';
import { startServer, type Spawned } from '../support/processes';
import { CHROMIUM_PATH, REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { investigatorReplies } from '../integration/noJs/noJsHttp';

/** Tor Browser "Safest" stand-in: Debian's Chromium with JavaScript disabled for the whole context. */
async function launchWithoutJavaScript(): Promise<BrowserContext> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-chromium-nojs-'));
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    javaScriptEnabled: false,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const TEXTS = {
  kk: { report: 'Жер бөлімінің бастығы пара сұрады.', reply: 'Рахмет, күнін нақтылаңыз.', follow: 'Бұл 3 наурызда болды.', check: 'Менің ісімді тексеру' },
  ru: { report: 'Начальник земельного отдела требует взятку.', reply: 'Спасибо, уточните дату.', follow: 'Это было 3 марта.', check: 'Проверить моё дело' },
  en: { report: 'The head of the land office asked for a bribe.', reply: 'Thank you, which date was it?', follow: 'It was on 3 March.', check: 'Check my case' },
} as const;

/** A reporter in each language, JavaScript off, from the portal's address to a reply and a follow-up. */
describe('reporter journey without JavaScript (Chromium, JavaScript disabled)', () => {
  let demo: DemoDeployment;
  let server: Spawned & { url: string };
  let browser: BrowserContext;
  let db: mongoose.Connection;
  const dbName = uniqueName('nojse2e');

  beforeAll(async () => {
    demo = await loadDemoDeployment();
    server = await startServer({ MONGODB_URI: mongoUriFor(dbName), REDIS_URL, QUEUE_PREFIX: uniqueName('q'), ...demo.env });
    browser = await launchWithoutJavaScript();
    db = await mongoose.createConnection(mongoUriFor(dbName)).asPromise();
  });
  afterAll(async () => {
    await browser?.close();
    if (process.env.SHOW_LOGS) console.log(server?.output());
    await server?.stop();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
  });

  async function reporterSubmitsWithoutJavaScript(page: Page, lang: keyof typeof TEXTS): Promise<string> {
    await page.goto(`${server.url}/`);
    // JavaScript is really off: the portal did not render, its <noscript> links are shown.
    expect(await page.locator('#app').innerHTML()).toBe('');
    await page.locator(`[data-testid="nojs-links"] a[hreflang="${lang}"]`).click();
    await page.waitForURL(`**/nojs?lang=${lang}`);
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    await expect(page.locator('[data-testid="weaker-warning"]').isVisible()).resolves.toBe(true);
    await page.selectOption('#category', 'bribery');
    await page.selectOption('#region', 'KZ-75');
    await page.check('#seniority-S2');
    await page.check('#amount-A1');
    await page.check('#flags-criminal_signs');
    await page.fill('#description', TEXTS[lang].report);
    await page.fill('#when', '2026');
    if (lang === 'kk') {
      await page.check('#mode-confidential');
      await page.fill('#name', 'Айгерім Н.');
      await page.fill('#contact', '+7 700 000 00 00');
    }
    await page.click('[data-testid="nojs-submit"]');
    return (await page.locator('[data-testid="case-code"]').textContent({ timeout: 60_000 }))!.trim();
  }

  it('kk, ru, en: the link on /, the form, a code, the status with an investigator reply, a follow-up message', async () => {
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const page = await browser.newPage();
      const seen = watchPage(page);
      const code = await reporterSubmitsWithoutJavaScript(page, lang);
      expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}-[0-9A-Z*~$=U]$/);
      const { caseToken } = deriveCaseSecrets(code, demo.policy.deploymentSalt);
      const kase = (await db.collection('cases').findOne({ caseToken }))!;
      expect(kase.sealedBy).toBe('server');
      expect(kase.confidential).toBe(lang === 'kk');
      await investigatorReplies(db, demo.policy, code, (unitId) => demo.unitKeyPair(unitId), TEXTS[lang].reply);

      await page.click(`a[href="/nojs/status?lang=${lang}"]`);
      await page.fill('#code', code.toLowerCase());
      await page.click(`form[action="/nojs/status?lang=${lang}"] button[type="submit"]`);
      await expect(page.locator('[data-testid="thread"]').textContent({ timeout: 60_000 })).resolves.toContain(TEXTS[lang].reply);
      expect(await page.locator('[data-testid="case-status"]').getAttribute('data-status')).toBe('received');

      await page.fill('#message', TEXTS[lang].follow);
      await page.click('[data-testid="nojs-send"]');
      await expect(page.locator('[data-testid="case-notice"]').isVisible({ timeout: 60_000 })).resolves.toBe(true);
      const thread = (await page.locator('[data-testid="thread"]').textContent())!;
      expect(thread).toContain(TEXTS[lang].reply);
      expect(thread).toContain(TEXTS[lang].follow);
      expect(await db.collection('messages').countDocuments({ caseId: kase._id, from: 'reporter' })).toBe(1);

      // The code travelled only in POST bodies: never in an address the browser asked for.
      const canonical = code.replace(/-/g, '');
      expect(seen.requests.filter((u) => u.toUpperCase().includes(canonical) || u.toUpperCase().includes(code))).toEqual([]);
      expect(seen.requests.every((u) => u.startsWith(server.url))).toBe(true);
      await page.close();
    }
  }, 240_000);

  it('axe finds no serious or critical violation on the no-JS pages: the form, the form with problems, who will read it, the code, the status (kk, ru, en)', async () => {
    // The pages are the same HTML with or without JavaScript; axe itself needs it, so this context has it.
    const checker = await launchBrowser();
    try {
      const page = await checker.newPage();
      const found: string[] = [];
      const check = async (what: string) => found.push(...(await seriousAccessibilityViolations(page)).map((v) => `${what}: ${v}`));
      for (const lang of ['kk', 'ru', 'en'] as const) {
        await page.goto(`${server.url}/nojs?lang=${lang}`);
        await check(`${lang} form`);
        await page.click('[data-testid="nojs-submit"]');
        await page.locator('[data-testid="form-problems"]').waitFor();
        await check(`${lang} form with problems`);
        await page.selectOption('#category', 'bribery');
        await page.selectOption('#region', 'KZ-75');
        await page.check('#seniority-S2');
        await page.check('#amount-A1');
        await page.fill('#description', TEXTS[lang].report);
        await page.click('[data-testid="nojs-review"]');
        await page.locator('[data-testid="readers"]').waitFor();
        expect(await page.inputValue('#description')).toBe(TEXTS[lang].report);
        await check(`${lang} who will be able to read it`);
        await page.click('[data-testid="nojs-submit"]');
        const code = (await page.locator('[data-testid="case-code"]').textContent({ timeout: 60_000 }))!.trim();
        await check(`${lang} code page`);
        await page.goto(`${server.url}/nojs/status?lang=${lang}`);
        await check(`${lang} code form`);
        await page.fill('#code', code);
        await page.click(`form[action="/nojs/status?lang=${lang}"] button[type="submit"]`);
        await page.locator('[data-testid="case-status"]').waitFor({ timeout: 60_000 });
        await check(`${lang} case page`);
      }
      expect(found).toEqual([]);
    } finally {
      await checker.close();
    }
  }, 240_000);
});
