import mongoose from 'mongoose';
import type { BrowserContext, Page } from 'playwright-core';
import { deriveCaseSecrets, fromUtf8, newContentId, openMessage, openReportBody, sealMessage } from '../../core/crypto';
import { postMessage } from '../../server/commands/messagePoster';
import { watchPage } from '../support/browser';
import { clientPinsDemoKey, loadDemoDeployment, type DemoDeployment } from '../support/demoDeployment';
import { startServer, startWorkers, type Spawned } from '../support/processes';
import { BLOCK_ALL_CRYPTO, launchSaferChromium } from '../support/saferChromium';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { storedCaseFiles, storedCaseWithBody } from '../support/reporterClient';
import { textFile } from './pages/fixtures';
import { reporterChecksStatus, reporterReadsCase, reporterSendsMessage } from './pages/reporterChecksStatus';
import { reporterOpensPortal } from './pages/reporterOpensPortal';
import { reporterConfirmsCode, reporterSubmitsReport } from './pages/reporterSubmitsReport';

/** Waits for the slow steps: generous, since this machine's two cores are shared (times are measured in bench/). */
const SLOW = 180_000;

/**
 * Tor Browser's "Safer" level, stood in for by Chromium without JIT (`--js-flags=--jitless`) and
 * with WebAssembly deleted before page scripts run (issue 11): the whole reporter journey on the
 * JavaScript crypto backend, and an honest message when no backend can start at all.
 */
describe('reporter portal at the Safer level (Chromium stand-in)', () => {
  let demo: DemoDeployment;
  let server: Spawned & { url: string };
  let workers: Spawned;
  let uri: string;

  beforeAll(async () => {
    demo = await loadDemoDeployment();
    if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client"');
    uri = mongoUriFor(uniqueName('safer'));
    const env = { MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '6', ...demo.env };
    server = await startServer(env);
    workers = await startWorkers(env);
    await mongoose.connect(uri);
  });
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output(), workers?.output());
    await workers?.stop();
    await server?.stop();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });

  async function withSaferPage<T>(initScript: string | undefined, run: (page: Page, browser: BrowserContext) => Promise<T>): Promise<T> {
    const browser = await launchSaferChromium(initScript);
    try {
      return await run(await browser.newPage(), browser);
    } finally {
      await browser.close();
    }
  }

  it('en: submits text and a file, gets the code, opens the case, reads an investigator reply and answers, on the JavaScript backend', async () => {
    await withSaferPage(undefined, async (page) => {
      const seen = watchPage(page);
      await reporterOpensPortal(page, server.url, 'en');
      expect(await page.evaluate(() => typeof (globalThis as { WebAssembly?: unknown }).WebAssembly)).toBe('undefined');
      // The page says it runs the slower backend, and why, before anything is sent.
      expect(await page.locator('[data-crypto-backend]').getAttribute('data-crypto-backend')).toBe('javascript');
      expect(await page.locator('[data-testid="report-form"] [data-testid="slow-mode"]').innerText()).toMatch(/WebAssembly.*up to a minute/s);

      const description = 'The district akim takes a cut of every school repair contract (Safer).';
      const note = textFile('contract.txt', 'Contract 17/2024, signed by the deputy.');
      const code = await reporterSubmitsReport(page, { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: ['criminal_signs'], description, files: [note] }, SLOW);
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);

      // What the JavaScript backend sealed opens with libsodium in Node: the same protocol.
      const secrets = deriveCaseSecrets(code, demo.policy.deploymentSalt);
      const stored = (await storedCaseWithBody(mongoose.connection, secrets.caseToken))!;
      expect(JSON.parse(fromUtf8(openReportBody(secrets.dek, secrets.caseToken, stored.body))).description).toBe(description);
      expect(await storedCaseFiles(mongoose.connection, stored._id)).toHaveLength(1);

      // An investigator answers (sealed under the case key, as the console does).
      const reply = 'Thank you. Which school was it?';
      const replyId = newContentId();
      await postMessage(String(stored._id), 'investigator', replyId, sealMessage(secrets.dek, secrets.caseToken, replyId, 'investigator', reply));

      await reporterConfirmsCode(page, code);
      await expect(page.locator('[data-testid="status-form"] [data-testid="slow-mode"]').count()).resolves.toBe(1);
      const view = await reporterChecksStatus(page, code, SLOW);
      expect(view.status).toMatch(/^(received|acknowledged)$/);
      expect(view.files.map((f) => f.split(' ')[0])).toEqual(['contract.txt']);
      expect(view.messages).toEqual([{ from: 'investigator', text: reply }]);

      const answer = 'School No. 12, in March.';
      const after = await reporterSendsMessage(page, answer);
      expect(after.messages.at(-1)).toEqual({ from: 'reporter', text: answer });
      const sent = await mongoose.connection.collection('messages').findOne({ caseId: stored._id, from: 'reporter' });
      expect(fromUtf8(openMessage(secrets.dek, secrets.caseToken, sent!.messageId, 'reporter', sent!.sealed))).toBe(answer);
      expect((await reporterReadsCase(page)).messages).toHaveLength(2);
      expect(seen.errors).toEqual([]);
    });
  }, 480_000);

  it('ru: when no encryption can start, the page says so, does not blame the connection, and links to the form without JavaScript', async () => {
    await withSaferPage(BLOCK_ALL_CRYPTO, async (page) => {
      await page.goto(`${server.url}/?lang=ru`);
      const notice = page.locator('[data-policy="unavailable"]');
      await notice.waitFor({ timeout: 60_000 });
      expect(await notice.getAttribute('data-cause')).toBe('blocked');
      const text = await notice.innerText();
      expect(text).toContain('настройки безопасности');
      expect(text).not.toMatch(/Проверьте соединение/);
      expect(await page.locator('[data-testid="nojs-link"]').getAttribute('href')).toBe('/nojs?lang=ru');
      expect(await page.locator('[data-testid="report-form"]').count()).toBe(0);
      expect(await page.locator('[data-crypto="failed"]').count()).toBe(1);
    });
  }, 120_000);
});
