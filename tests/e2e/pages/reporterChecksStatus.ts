import type { Page } from 'playwright-core';
import type { FilePayload } from './fixtures';

export type SeenCase = { status: string; statusText: string; timeline: string[]; messages: { from: string; text: string }[]; files: string[] };

/** What the case page shows right now. */
export async function reporterReadsCase(page: Page): Promise<SeenCase> {
  const view = page.locator('[data-testid="case-view"]');
  const status = view.locator('[data-testid="case-status"]');
  return {
    status: (await status.getAttribute('data-status'))!,
    statusText: await status.innerText(),
    timeline: await view.locator('[data-testid="timeline"] li').allInnerTexts(),
    messages: await view.locator('[data-testid="thread"] li').evaluateAll((lis) =>
      lis.map((li) => ({ from: li.getAttribute('data-from')!, text: li.querySelector('.message-text')!.textContent! })),
    ),
    files: await view.locator('[data-testid="case-files"] li').allInnerTexts(),
  };
}

/** The reporter goes to "Check my case" and types a code; returns once the case or an answer shows. */
export async function reporterEntersCode(page: Page, code: string): Promise<void> {
  await page.click('button[data-view="check"]');
  await page.fill('#status-code', code);
  await page.click('[data-testid="status-form"] button[type="submit"]');
}

/** The reporter opens their case with the code and reads it. `timeout`: longer for slow browsers (Tor Browser "Safer"). */
export async function reporterChecksStatus(page: Page, code: string, timeout = 60_000): Promise<SeenCase> {
  await reporterEntersCode(page, code);
  await page.locator('[data-testid="case-view"]').waitFor({ timeout });
  return reporterReadsCase(page);
}

/** The reporter writes a follow-up message on the open case and waits until it is in the thread. */
export async function reporterSendsMessage(page: Page, text: string): Promise<SeenCase> {
  const before = await page.locator('[data-testid="thread"] li').count();
  await page.fill('#reply', text);
  await page.click('[data-testid="send-reply"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="thread"] li').length === n, before + 1, { timeout: 60_000 });
  return reporterReadsCase(page);
}

/** The reporter adds files to the open case. */
export async function reporterSendsFiles(page: Page, files: FilePayload[]): Promise<SeenCase> {
  await page.locator('#followup-files').setInputFiles(files);
  await page.waitForFunction((n) => document.querySelectorAll('#followup-files ~ ul.files [data-file-state="ready"]').length === n, files.length);
  await page.click('[data-testid="upload-followup"]');
  await page.locator('[data-testid="case-notice"]').waitFor({ timeout: 60_000 });
  return reporterReadsCase(page);
}
