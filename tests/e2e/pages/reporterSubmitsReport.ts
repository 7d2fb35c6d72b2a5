import type { Page } from 'playwright-core';
import type { FilePayload } from './fixtures';

export type ReportInput = {
  category: string;
  sector?: string;
  region: string;
  seniority: string;
  amount: string;
  flags?: string[];
  description: string;
  details?: Partial<Record<'when' | 'where' | 'who' | 'evidence', string>>;
  identity?: { name: string; contact: string };
  files?: FilePayload[];
};

/** The reporter fills in the form: routing choices by policy id, text, identity, files. */
export async function reporterFillsReport(page: Page, report: ReportInput): Promise<void> {
  const form = page.locator('[data-testid="report-form"]');
  await form.locator('#category').selectOption(report.category);
  if (report.sector) await form.locator('#sector').selectOption(report.sector);
  await form.locator('#region').selectOption(report.region);
  await form.locator(`#seniority-${report.seniority}`).check();
  await form.locator(`#amount-${report.amount}`).check();
  for (const flag of report.flags ?? []) await form.locator(`#flags-${flag}`).check();
  await form.locator('#description').fill(report.description);
  for (const [k, v] of Object.entries(report.details ?? {})) await form.locator(`#details-${k}`).fill(v!);
  if (report.identity) {
    await form.locator('#mode-confidential').check();
    await form.locator('#identity-name').fill(report.identity.name);
    await form.locator('#identity-contact').fill(report.identity.contact);
  }
  if (report.files?.length) {
    await form.locator('#attachments').setInputFiles(report.files);
    await page.waitForFunction((n) => document.querySelectorAll('[data-file-state="ready"]').length === n, report.files.length);
  }
}

/** The reporter sends the filled form and waits for the case code; returns it as displayed. `timeout`: longer for slow browsers (Tor Browser "Safer"). */
export async function reporterSendsReport(page: Page, timeout = 60_000): Promise<string> {
  await page.click('[data-testid="submit"]');
  const code = page.locator('[data-testid="case-code"]');
  await code.waitFor({ timeout });
  return code.inputValue();
}

/** Fill, send, and return the case code. */
export async function reporterSubmitsReport(page: Page, report: ReportInput, timeout = 60_000): Promise<string> {
  await reporterFillsReport(page, report);
  return reporterSendsReport(page, timeout);
}

/** The reporter types the code again and leaves the code page. */
export async function reporterConfirmsCode(page: Page, typed: string): Promise<void> {
  await page.fill('#confirm-code', typed);
  await page.waitForSelector('#confirm-result.ok');
  await page.click('[data-testid="finish"]');
  await page.waitForSelector('[data-testid="report-form"]');
}
