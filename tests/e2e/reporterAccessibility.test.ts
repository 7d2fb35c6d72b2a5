import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { clientPinsDemoKey, loadDemoDeployment } from '../support/demoDeployment';
import { startServer, type Spawned } from '../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { jpegWithExif } from './pages/fixtures';
import { seriousAccessibilityViolations } from './pages/portalChecks';
import { reporterChecksStatus, reporterSendsMessage } from './pages/reporterChecksStatus';
import { reporterOpensPortal } from './pages/reporterOpensPortal';
import { reporterConfirmsCode, reporterSubmitsReport } from './pages/reporterSubmitsReport';

const REPORT = { category: 'ethics', region: 'unknown', seniority: 'S0', amount: 'A0', description: 'Rude treatment at the counter.' };

/** Is the page wider than the screen (sideways scrolling on a phone)? */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/** axe-core on every reporter page, a keyboard-only report, and a phone-sized screen. */
describe('reporter portal accessibility', () => {
  let server: Spawned & { url: string };
  let desktop: BrowserContext;

  beforeAll(async () => {
    const demo = await loadDemoDeployment();
    if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client"');
    server = await startServer({ MONGODB_URI: mongoUriFor(uniqueName('a11y')), REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '6', ...demo.env });
    desktop = await launchBrowser();
  });
  afterAll(async () => {
    await desktop?.close();
    await server?.stop();
  });

  for (const lang of ['kk', 'ru', 'en'] as const) {
    it(`${lang}: axe finds no serious or critical violation on the form (also with errors), the code page and the status page`, async () => {
      const page = await desktop.newPage();
      await reporterOpensPortal(page, server.url, lang);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.click('[data-testid="submit"]');
      await page.locator('.error-summary').waitFor();
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      const code = await reporterSubmitsReport(page, { ...REPORT, files: [await jpegWithExif(page, 'a.jpg', 'x')] });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await reporterConfirmsCode(page, code);
      await reporterChecksStatus(page, code);
      await reporterSendsMessage(page, 'One more detail.');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it('the axe check itself catches a violation (control)', async () => {
    const page = await desktop.newPage();
    await reporterOpensPortal(page, server.url, 'en');
    await page.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('input'), { type: 'text' })));
    expect((await seriousAccessibilityViolations(page)).join('\n')).toMatch(/critical label/);
    await page.close();
  });

  it('can be used with the keyboard alone', async () => {
    const page = await desktop.newPage();
    await reporterOpensPortal(page, server.url, 'en');
    // Tabbing from the top reaches every question and the send button, in reading order.
    const order: string[] = [];
    for (let i = 0; i < 60 && !order.includes('submit'); i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.id || (document.activeElement as HTMLElement | null)?.dataset.testid || ''));
    }
    const wanted = ['category', 'sector', 'region', 'seniority-S0', 'amount-A0', 'flags-criminal_signs', 'description', 'details-when', 'mode-anonymous', 'attachments', 'submit'];
    expect(order.filter((id) => wanted.includes(id))).toEqual(wanted);

    // Answer everything by keys only, then send with Enter.
    await page.focus('#category');
    await page.keyboard.press('ArrowDown'); // first real category
    await page.focus('#region');
    await page.keyboard.press('ArrowDown');
    await page.focus('#seniority-S0');
    await page.keyboard.press('Space');
    await page.focus('#amount-A0');
    await page.keyboard.press('Space');
    await page.focus('#description');
    await page.keyboard.type('Typed with the keyboard only.');
    await page.focus('[data-testid="submit"]');
    await page.keyboard.press('Enter');
    const code = await page.locator('[data-testid="case-code"]').inputValue({ timeout: 60_000 });
    // The code page takes the focus so a screen reader announces it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code-title');
    await page.focus('#confirm-code');
    await page.keyboard.type(code);
    await page.focus('[data-testid="finish"]');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="report-form"]').waitFor();
    await page.close();
  });

  it('works on a phone-sized screen (390×844) without sideways scrolling', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const page = await phone.newPage();
      await reporterOpensPortal(page, server.url, 'kk');
      expect(await overflows(page)).toBe(false);
      const code = await reporterSubmitsReport(page, { ...REPORT, files: [await jpegWithExif(page, 'phone-photo.jpg', 'x')] });
      expect(await overflows(page)).toBe(false);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      // The send button spans the width: an easy target for a thumb.
      await reporterConfirmsCode(page, code);
      const width = await page.locator('[data-testid="submit"]').evaluate((b) => b.getBoundingClientRect().width);
      expect(width).toBeGreaterThan(300);
      const view = await reporterChecksStatus(page, code);
      expect(view.files).toHaveLength(1);
      expect(await overflows(page)).toBe(false);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
