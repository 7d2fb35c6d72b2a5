/**
 * The reporter's steps of pages/reporterSubmitsReport.ts and reporterChecksStatus.ts, driven
 * through selenium-webdriver (Firefox ESR, Tor Browser's engine) instead of Playwright.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { By, until, type WebDriver } from 'selenium-webdriver';
import type { FilePayload } from './fixtures';
import type { Lang } from './reporterOpensPortal';
import type { ReportInput } from './reporterSubmitsReport';
import type { SeenCase } from './reporterChecksStatus';

/** The slow steps (Argon2id, the proof of work) at Tor Browser's "Safer" level take tens of seconds. */
const SLOW = 120_000;

const css = (driver: WebDriver, selector: string, timeout = 30_000) => driver.wait(until.elementLocated(By.css(selector)), timeout);

/** The reporter opens the portal in a language and waits until the signed policy is verified. */
export async function reporterOpensPortalInFirefox(driver: WebDriver, baseUrl: string, lang: Lang): Promise<void> {
  await driver.get(`${baseUrl}/?lang=${lang}`);
  await css(driver, '[data-policy="verified"]', SLOW);
}

/** Writes the files where Firefox can read them and returns their paths (for a file input's sendKeys). */
function filesOnDisk(files: FilePayload[]): { paths: string[]; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-ff-files-'));
  const paths = files.map((f) => {
    const p = path.join(dir, f.name);
    fs.writeFileSync(p, f.buffer);
    return p;
  });
  return { paths, dir };
}

/** Fills in the form (routing choices by policy id, text, files), waits `writeMs` (a reporter still writing), sends it and returns the case code shown. */
export async function reporterSubmitsReportInFirefox(driver: WebDriver, report: ReportInput, writeMs = 0): Promise<{ code: string; sendMs: number }> {
  const form = await css(driver, '[data-testid="report-form"]');
  const select = (id: string, value: string) => form.findElement(By.css(`#${id} option[value="${value}"]`)).click();
  await select('category', report.category);
  if (report.sector) await select('sector', report.sector);
  await select('region', report.region);
  await form.findElement(By.css(`#seniority-${report.seniority}`)).click();
  await form.findElement(By.css(`#amount-${report.amount}`)).click();
  for (const flag of report.flags ?? []) await form.findElement(By.css(`#flags-${flag}`)).click();
  await form.findElement(By.css('#description')).sendKeys(report.description);
  for (const [k, v] of Object.entries(report.details ?? {})) await form.findElement(By.css(`#details-${k}`)).sendKeys(v!);
  // Firefox reads a picked file from disk when it is uploaded: the files stay until the code is shown.
  const onDisk = report.files?.length ? filesOnDisk(report.files) : undefined;
  try {
    if (onDisk) {
      await form.findElement(By.css('#attachments')).sendKeys(onDisk.paths.join('\n'));
      await driver.wait(async () => (await driver.findElements(By.css('[data-file-state="ready"]'))).length === onDisk.paths.length, 30_000);
    }
    if (writeMs) await driver.sleep(writeMs);
    const started = Date.now();
    await form.findElement(By.css('[data-testid="submit"]')).click();
    const code = await css(driver, '[data-testid="case-code"]', SLOW);
    const sendMs = Date.now() - started;
    return { code: (await code.getAttribute('value')) ?? '', sendMs };
  } finally {
    if (onDisk) fs.rmSync(onDisk.dir, { recursive: true, force: true });
  }
}

/** Types the code again and leaves the code page (back to an empty form). */
export async function reporterConfirmsCodeInFirefox(driver: WebDriver, code: string): Promise<void> {
  await (await css(driver, '#confirm-code')).sendKeys(code);
  await css(driver, '#confirm-result.ok');
  await driver.findElement(By.css('[data-testid="finish"]')).click();
  await css(driver, '[data-testid="report-form"]');
}

/** What the case page shows right now. */
export async function reporterReadsCaseInFirefox(driver: WebDriver): Promise<SeenCase> {
  const view = await css(driver, '[data-testid="case-view"]');
  const status = await view.findElement(By.css('[data-testid="case-status"]'));
  const texts = async (selector: string) => Promise.all((await view.findElements(By.css(selector))).map((e) => e.getText()));
  const messages = await Promise.all(
    (await view.findElements(By.css('[data-testid="thread"] li'))).map(async (li) => ({
      from: (await li.getAttribute('data-from')) ?? '',
      text: await li.findElement(By.css('.message-text')).getText(),
    })),
  );
  return {
    status: (await status.getAttribute('data-status')) ?? '',
    statusText: await status.getText(),
    timeline: await texts('[data-testid="timeline"] li'),
    messages,
    files: await texts('[data-testid="case-files"] li'),
  };
}

/** Opens the case with its code; returns what it shows and how long opening took. */
export async function reporterChecksStatusInFirefox(driver: WebDriver, code: string): Promise<SeenCase & { openMs: number }> {
  await driver.findElement(By.css('button[data-view="check"]')).click();
  await (await css(driver, '#status-code')).sendKeys(code);
  const started = Date.now();
  await driver.findElement(By.css('[data-testid="status-form"] button[type="submit"]')).click();
  await css(driver, '[data-testid="case-view"]', SLOW);
  const openMs = Date.now() - started;
  return { ...(await reporterReadsCaseInFirefox(driver)), openMs };
}

/** Writes a follow-up message on the open case and waits until it is in the thread. */
export async function reporterSendsMessageInFirefox(driver: WebDriver, text: string): Promise<SeenCase> {
  const before = (await driver.findElements(By.css('[data-testid="thread"] li'))).length;
  await driver.findElement(By.css('#reply')).sendKeys(text);
  await driver.findElement(By.css('[data-testid="send-reply"]')).click();
  await driver.wait(async () => (await driver.findElements(By.css('[data-testid="thread"] li'))).length === before + 1, SLOW);
  return reporterReadsCaseInFirefox(driver);
}
