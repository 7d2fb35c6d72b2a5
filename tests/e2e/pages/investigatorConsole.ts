import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { authenticator } from 'otplib';

/** A TOTP code `offset` steps from now (the server accepts one step of drift, and each step once). */
export const totpCode = (secret: string, offset = 0) => authenticator.clone({ epoch: Date.now() + offset * 30_000 }).generate(secret);

const ARGON_TIMEOUT = 60_000;

/** The investigator opens the one-time link, sets a password, keeps the recovery key, enrols TOTP. */
export async function investigatorActivatesAccount(page: Page, link: string, password: string): Promise<{ recoveryKey: string; totpSecret: string }> {
  await page.goto(link);
  await page.waitForSelector('[data-testid="activation"] #new-password', { timeout: 30_000 });
  await page.fill('#new-password', password);
  await page.fill('#new-password-again', password);
  await page.click('[data-testid="activation"] button[type="submit"]');
  const recoveryKey = (await page.locator('[data-testid="recovery-key"]').innerText()).trim();
  await page.click('[data-testid="activation"] .actions button.primary');
  await page.fill('#recovery-again', recoveryKey.toLowerCase().replace(/-/g, ' '));
  await page.click('[data-testid="activation"] button[type="submit"]');
  const totpSecret = (await page.locator('[data-testid="totp-secret"]').innerText()).trim();
  await page.fill('#activate-totp', totpCode(totpSecret));
  await page.click('[data-testid="activation"] button[type="submit"]');
  await page.waitForSelector('[data-testid="inbox"]', { timeout: ARGON_TIMEOUT });
  return { recoveryKey, totpSecret };
}

/** The investigator signs in with user name, password and the code of the given TOTP step. */
export async function investigatorSignsIn(page: Page, baseUrl: string, username: string, password: string, totpSecret: string, step = 0): Promise<void> {
  await page.goto(`${baseUrl}/console?lang=en#inbox`);
  await page.waitForSelector('[data-testid="login-form"]', { timeout: 30_000 });
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.fill('#totp', totpCode(totpSecret, step));
  await page.click('[data-testid="login-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="inbox"]', { timeout: ARGON_TIMEOUT });
}

/** A sign-in that should fail; returns the error the page shows. */
export async function investigatorFailsToSignIn(page: Page, baseUrl: string, username: string, password: string, code: string): Promise<string> {
  await page.goto(`${baseUrl}/console?lang=en#inbox`);
  await page.waitForSelector('[data-testid="login-form"]', { timeout: 30_000 });
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.fill('#totp', code);
  await page.click('[data-testid="login-form"] button[type="submit"]');
  return page.locator('[data-testid="login-form"] [data-testid="error"]').innerText({ timeout: ARGON_TIMEOUT });
}

export async function investigatorSignsOut(page: Page): Promise<void> {
  await page.click('[data-testid="sign-out"]');
  await page.waitForSelector('[data-testid="login-form"]');
}

/** The case ids listed in the inbox (first page), after it has loaded. */
export async function investigatorReadsInbox(page: Page): Promise<string[]> {
  await page.goto(page.url().replace(/#.*$/, '#units'));
  await page.goto(page.url().replace(/#.*$/, '#inbox'));
  await page.waitForSelector('[data-testid="inbox"] table, [data-testid="inbox-empty"]');
  return page.locator('[data-testid="inbox"] tr[data-case-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')!));
}

/** Types a quoted case reference into the inbox's search and returns the case ids then listed. */
export async function investigatorFindsCaseByReference(page: Page, ref: string): Promise<string[]> {
  await investigatorReadsInbox(page);
  await page.fill('#f-ref', ref);
  await Promise.all([page.waitForResponse((r) => r.url().includes(`ref=${ref}`)), page.click('[data-testid="find-ref"] button[type="submit"]')]);
  // Rendered once every row listed matches, or the page says nothing matches (a search that did not filter times out here).
  await page.waitForFunction((wanted) => {
    const rows = [...document.querySelectorAll('[data-testid="inbox"] tr[data-case-id]')];
    return rows.length > 0 ? rows.every((r) => r.getAttribute('data-case-id')!.startsWith(wanted)) : document.querySelector('[data-testid="inbox-empty"]') !== null;
  }, ref);
  return page.locator('[data-testid="inbox"] tr[data-case-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')!));
}

/** An administrator disables an account from the administration page (accepting the warning); returns the notice shown. */
export async function administratorDisablesAccount(page: Page, username: string): Promise<{ warning: string; notice: string }> {
  await page.goto(page.url().replace(/#.*$/, '#admin'));
  const row = page.locator('[data-testid="admin"] tr', { hasText: username });
  let warning = '';
  page.once('dialog', (dialog) => {
    warning = dialog.message();
    void dialog.accept();
  });
  await row.getByRole('button', { name: 'Disable' }).click();
  const notice = await page.locator('[data-testid="admin-done"]').innerText();
  return { warning, notice };
}

/** Opens a case from the inbox and returns the decrypted report text shown. */
export async function investigatorOpensCase(page: Page, caseId: string): Promise<string> {
  await page.click(`tr[data-case-id="${caseId}"] a`);
  await page.waitForSelector(`[data-testid="case"][data-case-id="${caseId}"]`);
  return page.locator('[data-testid="report-text"]').innerText();
}

/** Asks to reveal a confidential reporter's identity on a legal ground of the policy; waits until the request is listed. */
export async function investigatorRequestsReveal(page: Page, groundId: string): Promise<void> {
  await page.selectOption('#reveal-ground', groundId);
  await page.click('[data-testid="reveal-ask"]');
  await page.waitForSelector('[data-testid="reveal-requests"] li[data-state="pending"]');
}

/** Opens the identity once a supervisor approved the request (accepting the confirmation); returns what is shown. */
export async function investigatorRevealsIdentity(page: Page): Promise<string> {
  page.once('dialog', (dialog) => void dialog.accept());
  await page.click('[data-testid="reveal-open"]');
  return page.locator('[data-testid="identity"]').innerText();
}

/** Reads the unread notifications above the inbox and marks them all read; returns their texts. */
export async function investigatorClearsNotifications(page: Page): Promise<string[]> {
  const box = page.locator('[data-testid="notifications"]');
  const texts = await box.locator('li').allInnerTexts();
  await page.click('[data-testid="notifications-read"]');
  await box.waitFor({ state: 'detached' });
  return texts;
}

/** Decrypts and saves an attachment; returns the saved file's name and bytes. */
export async function investigatorSavesAttachment(page: Page, fileName: string): Promise<{ name: string; bytes: Buffer }> {
  const row = page.locator('[data-testid="files"] li', { hasText: fileName });
  // Opened first (decrypted, its type read from its bytes); the original only behind the warning.
  await row.locator('[data-testid="file-open"]').click();
  await row.locator('[data-testid="file-warning"]').waitFor({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), row.locator('[data-testid="file-download"]').click()]);
  const path = await download.path();
  await row.locator('[data-testid="file-saved"]').waitFor();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(path!) };
}

/** Writes a reply to the reporter and waits until it appears in the thread. */
export async function investigatorReplies(page: Page, text: string): Promise<void> {
  const before = await page.locator('[data-testid="thread"] li').count();
  await page.fill('#reply', text);
  await page.click('#reply ~ button[type="submit"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="thread"] li').length === n, before + 1);
}

/** A supervisor transfers the open case to another unit (re-wrapping its key in the browser if needed). */
export async function investigatorTransfersCase(page: Page, unitId: string): Promise<void> {
  await page.selectOption('#transfer-target', unitId);
  await page.click('#transfer-target ~ button');
  await page.waitForSelector('[data-testid="inbox"]');
}
