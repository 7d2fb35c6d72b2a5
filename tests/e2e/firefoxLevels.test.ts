import { storedCaseFiles, storedCaseWithBody } from '../support/reporterClient';
import mongoose from 'mongoose';
import { By, until } from 'selenium-webdriver';
import { deriveCaseSecrets, fromUtf8, openReportBody } from '../../core/crypto';
import { clientPinsDemoKey, loadDemoDeployment, type DemoDeployment } from '../support/demoDeployment';
import { firefoxInstalled, launchFirefox, TOR_SAFER, TOR_SAFEST, type Firefox, type FirefoxPrefs } from '../support/firefox';
import { startServer, startWorkers, type Spawned } from '../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { textFile } from './pages/fixtures';
import {
  reporterChecksStatusInFirefox,
  reporterConfirmsCodeInFirefox,
  reporterOpensPortalInFirefox,
  reporterSendsMessageInFirefox,
  reporterSubmitsReportInFirefox,
} from './pages/firefoxReporter';
import type { Lang } from './pages/reporterOpensPortal';

const CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/;

/**
 * The reporter journey in Debian's Firefox ESR, the engine of Tor Browser, at each of Tor
 * Browser's security levels set by its own preferences (issue 11): Standard, Safer (no
 * WebAssembly, no JIT) and Safest (no JavaScript: the form without JavaScript at /nojs).
 * Times are printed for information only; bench/reporterLevels.bench.ts measures them.
 */
describe('reporter journey in Firefox ESR at the Tor Browser levels', () => {
  let demo: DemoDeployment;
  let server: Spawned & { url: string };
  let workers: Spawned;

  beforeAll(async () => {
    if (!firefoxInstalled()) throw new Error('Firefox ESR or geckodriver missing: run "bash scripts/services.sh start"');
    demo = await loadDemoDeployment();
    if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client"');
    const uri = mongoUriFor(uniqueName('firefox'));
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

  async function inFirefox(prefs: FirefoxPrefs, run: (ff: Firefox) => Promise<void>) {
    const ff = await launchFirefox(prefs);
    try {
      await run(ff);
    } finally {
      await ff.quit();
    }
  }

  /** Submit text and a file, keep the code, open the case with it and send a message; checks what the server stored. */
  async function journey(ff: Firefox, lang: Lang, level: string) {
    const { driver } = ff;
    await reporterOpensPortalInFirefox(driver, server.url, lang);
    const backend = await driver.findElement(By.css('[data-crypto-backend]')).getAttribute('data-crypto-backend');
    const description = `The mayor's office sells school places (${level}, ${lang}).`;
    const { code, sendMs } = await reporterSubmitsReportInFirefox(driver, {
      category: 'bribery',
      region: 'KZ-75',
      seniority: 'S2',
      amount: 'A1',
      flags: ['criminal_signs'],
      description,
      files: [textFile('receipt.txt', `Receipt for the place (${level}).`)],
    });
    expect(code).toMatch(CODE);
    const secrets = deriveCaseSecrets(code, demo.policy.deploymentSalt);
    const stored = (await storedCaseWithBody(mongoose.connection, secrets.caseToken))!;
    expect(JSON.parse(fromUtf8(openReportBody(secrets.dek, secrets.caseToken, stored.body))).description).toBe(description);
    expect(await storedCaseFiles(mongoose.connection, stored._id)).toHaveLength(1);

    await reporterConfirmsCodeInFirefox(driver, code);
    const view = await reporterChecksStatusInFirefox(driver, code);
    expect(view.status).toMatch(/^(received|acknowledged)$/);
    expect(view.files.map((f) => f.split(' ')[0])).toEqual(['receipt.txt']);
    const after = await reporterSendsMessageInFirefox(driver, `A second payment was asked (${level}).`);
    expect(after.messages.at(-1)).toEqual({ from: 'reporter', text: `A second payment was asked (${level}).` });
    console.log(`Firefox ESR ${level}: backend ${backend}, click to code ${sendMs} ms, opening the case ${view.openMs} ms (test difficulty)`);
    return backend;
  }

  it('Standard: submits text and a file, opens the case with the code and sends a message (libsodium)', async () => {
    await inFirefox({}, async (ff) => {
      expect(await journey(ff, 'ru', 'Standard')).toBe('libsodium');
    });
  }, 240_000);

  it("Safer (Tor Browser's prefs: no WebAssembly, no JIT): the same journey on the JavaScript backend, with the slower-mode note", async () => {
    await inFirefox(TOR_SAFER, async (ff) => {
      expect(await journey(ff, 'kk', 'Safer')).toBe('javascript');
      expect(await ff.driver.findElements(By.css('[data-testid="slow-mode"]'))).not.toHaveLength(0);
    });
  }, 480_000);

  it('Safest (JavaScript off): from the portal address to the form without JavaScript, a code, the status and a message', async () => {
    await inFirefox(TOR_SAFEST, async ({ driver }) => {
      await driver.get(`${server.url}/?lang=en`);
      // The portal itself cannot run: its <noscript> links to the form without JavaScript.
      await driver.wait(until.elementLocated(By.css('[data-testid="nojs-links"] a[hreflang="en"]')), 30_000).click();
      await driver.wait(until.elementLocated(By.css('[data-testid="weaker-warning"]')), 30_000);
      expect(new URL(await driver.getCurrentUrl()).pathname).toBe('/nojs');
      const select = (id: string, value: string) => driver.findElement(By.css(`#${id} option[value="${value}"]`)).click();
      await select('category', 'bribery');
      await select('region', 'KZ-75');
      await driver.findElement(By.css('#seniority-S2')).click();
      await driver.findElement(By.css('#amount-A1')).click();
      await driver.findElement(By.css('#flags-criminal_signs')).click();
      const description = 'The land office asks for cash to register a plot (Safest).';
      await driver.findElement(By.css('#description')).sendKeys(description);
      await driver.findElement(By.css('[data-testid="nojs-submit"]')).click();
      const code = (await driver.wait(until.elementLocated(By.css('[data-testid="case-code"]')), 60_000).getText()).trim();
      expect(code).toMatch(CODE);

      // Sealed by the server to the same units, in the same envelope: it opens with the code.
      const secrets = deriveCaseSecrets(code, demo.policy.deploymentSalt);
      const stored = (await storedCaseWithBody(mongoose.connection, secrets.caseToken))!;
      expect(JSON.parse(fromUtf8(openReportBody(secrets.dek, secrets.caseToken, stored.body))).description).toBe(description);

      await driver.get(`${server.url}/nojs/status?lang=en`);
      await driver.wait(until.elementLocated(By.css('#code')), 30_000).sendKeys(code);
      await driver.findElement(By.css('form[action^="/nojs/status"] button[type="submit"]')).click();
      const status = await driver.wait(until.elementLocated(By.css('[data-testid="case-status"]')), 60_000);
      expect(await status.getAttribute('data-status')).toMatch(/^(received|acknowledged)$/);
      await driver.findElement(By.css('#message')).sendKeys('They called me again (Safest).');
      await driver.findElement(By.css('[data-testid="nojs-send"]')).click();
      await driver.wait(until.elementLocated(By.css('[data-testid="thread"]')), 60_000);
      const thread = await driver.findElement(By.css('[data-testid="thread"]')).getText();
      expect(thread).toContain('They called me again (Safest).');
    });
  }, 240_000);
});
