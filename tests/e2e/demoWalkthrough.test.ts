import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage } from '../support/browser';
import { clientPinsDemoKey, loadDemoDeployment } from '../support/demoDeployment';
import { startServer, startWorkers, type Spawned } from '../support/processes';
import { REDIS_URL, ROOT, mongoUriFor, uniqueName } from '../support/testEnv';

const run = promisify(execFile);
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/**
 * README.md "Try it in three minutes", step by step, with the words the README uses: the same
 * demo account command `npm start` runs, the same labels and buttons, the same texts. Each
 * quoted word below must appear in that README section, so the two cannot drift apart.
 */
const WALKTHROUGH = {
  category: ['What happened?', 'Bribery / bribe extortion'],
  region: ['Where did it happen?', 'Almaty (city)'],
  seniority: 'Official or manager',
  amount: 'None or unknown',
  description: 'The head of the permits office asked me for money to sign my licence.',
  send: 'Encrypt and send',
  confirm: 'I have saved my code',
  username: 'demo.investigator',
  codeCommand: 'npx tsx server/cli/demoAccounts.ts code demo.investigator',
  signIn: 'Sign in',
  reply: 'Thank you. On which day did this happen?',
  replyLabel: 'Reply to the reporter',
  check: 'Check my case',
  open: 'Open my case',
};

function readmeSection(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Try it in three minutes');
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 3);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('README walkthrough: submit, sign in as the investigator, read and answer, check the status (Chromium)', () => {
  let server: Spawned & { url: string };
  let workers: Spawned;
  let browser: BrowserContext;
  let uri: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const demo = await loadDemoDeployment();
    if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client"');
    uri = mongoUriFor(uniqueName('walkthrough'));
    env = { MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '10', ...demo.env };
    server = await startServer(env);
    workers = await startWorkers(env);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output(), workers?.output());
    await browser?.close();
    await workers?.stop();
    await server?.stop();
    const db = await mongoose.createConnection(uri).asPromise();
    await db.dropDatabase().catch(() => {});
    await db.close();
  });

  /** The demo account command, as scripts/start.sh runs it (NODE_ENV unset: the local demo). */
  const demoAccounts = (...args: string[]) => {
    const { NODE_ENV: _jestSetsTest, ...inherited } = process.env;
    return run(TSX, ['server/cli/demoAccounts.ts', ...args], { cwd: ROOT, env: { ...inherited, ...env } });
  };

  it('follows the README word for word', async () => {
    const section = readmeSection();
    for (const words of Object.values(WALKTHROUGH).flat()) expect({ missingFromReadme: section.includes(words) ? '' : words }).toEqual({ missingFromReadme: '' });

    // 1. npm start prints the demo accounts: user name, password, TOTP secret.
    const { stdout } = await demoAccounts();
    const line = stdout.split('\n').find((l) => l.trim().startsWith(WALKTHROUGH.username))!;
    const [, password] = /password (\S+)/.exec(line)!;
    expect(line).toMatch(/TOTP secret [A-Z2-7]{32}/);
    expect(section).toContain(password);
    // Run again (a second `npm start`): nothing new, the same accounts.
    expect((await demoAccounts()).stdout).toBe(stdout);

    // 2. Submit a report.
    const reporter = await browser.newPage();
    const seen = watchPage(reporter);
    await reporter.goto(`${server.url}/?lang=en`);
    await reporter.waitForSelector('[data-policy="verified"]', { timeout: 30_000 });
    await reporter.getByRole('combobox', { name: WALKTHROUGH.category[0] }).selectOption({ label: WALKTHROUGH.category[1] });
    await reporter.getByRole('combobox', { name: WALKTHROUGH.region[0] }).selectOption({ label: WALKTHROUGH.region[1] });
    await reporter.getByLabel(WALKTHROUGH.seniority, { exact: true }).check();
    await reporter.getByLabel(WALKTHROUGH.amount, { exact: true }).check();
    await reporter.getByRole('textbox', { name: 'Description' }).fill(WALKTHROUGH.description);
    await reporter.getByRole('button', { name: WALKTHROUGH.send }).click();
    const codeBox = reporter.locator('[data-testid="case-code"]');
    await codeBox.waitFor({ timeout: 90_000 });
    const code = await codeBox.inputValue();
    await reporter.locator('#confirm-code').fill(code);
    await reporter.getByRole('button', { name: WALKTHROUGH.confirm }).click();
    await reporter.waitForSelector('[data-testid="report-form"]');

    // 3. Sign in as the investigator, with a one-time code from the README's command.
    const investigator = await browser.newPage();
    await investigator.goto(`${server.url}/console?lang=en`);
    await investigator.getByLabel('User name').fill(WALKTHROUGH.username);
    await investigator.getByLabel('Password', { exact: true }).fill(password);
    const totp = (await demoAccounts('code', WALKTHROUGH.username)).stdout.trim();
    expect(totp).toMatch(/^\d{6}$/);
    await investigator.getByLabel('One-time code from your authenticator app').fill(totp);
    await investigator.getByRole('button', { name: WALKTHROUGH.signIn, exact: true }).click();
    await investigator.waitForSelector('[data-testid="inbox"]', { timeout: 60_000 });

    // 4. Read and answer: the report is in the inbox once routed (reload until it is).
    const row = await waitForInboxRow(investigator);
    await row.locator('a').first().click();
    await expect(investigator.locator('[data-testid="report-text"]').innerText({ timeout: 60_000 })).resolves.toContain(WALKTHROUGH.description);
    await investigator.getByLabel(WALKTHROUGH.replyLabel).fill(WALKTHROUGH.reply);
    await investigator.getByRole('button', { name: WALKTHROUGH.send, exact: true }).first().click();
    await investigator.locator('[data-testid="thread"] li', { hasText: WALKTHROUGH.reply }).waitFor({ timeout: 60_000 });

    // 5. Check the status as the reporter: the status and the investigator's answer.
    await reporter.getByRole('button', { name: WALKTHROUGH.check }).click();
    await reporter.getByLabel('Case code', { exact: true }).fill(code);
    await reporter.getByRole('button', { name: WALKTHROUGH.open }).click();
    await reporter.locator('[data-testid="case-view"]').waitFor({ timeout: 60_000 });
    await expect(reporter.locator('[data-testid="case-status"]').getAttribute('data-status')).resolves.toBeTruthy();
    await expect(reporter.locator('[data-testid="thread"] li[data-from="investigator"]').innerText()).resolves.toContain(WALKTHROUGH.reply);
    expect(seen.errors).toEqual([]);
  }, 420_000);
});

/**
 * The inbox lists the report once the workers routed it: open "Inbox" again until it does (a
 * reload would ask for the password again, as the keys live only in the page's memory).
 */
async function waitForInboxRow(page: Page) {
  const started = Date.now();
  for (;;) {
    const rows = page.locator('[data-testid="inbox"] tr[data-case-id]');
    if ((await rows.count()) > 0) return rows.first();
    if (Date.now() - started > 90_000) throw new Error('the report never reached the inbox');
    await new Promise((r) => setTimeout(r, 2000));
    await page.goto(page.url().replace(/#.*$/, '#units'));
    await page.goto(page.url().replace(/#.*$/, '#inbox'));
    await page.waitForSelector('[data-testid="inbox"] table, [data-testid="inbox-empty"]', { timeout: 60_000 });
  }
}
