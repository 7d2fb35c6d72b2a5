import type { Page } from 'playwright-core';

export type Lang = 'kk' | 'ru' | 'en';

/** The reporter opens the portal in a language and waits until the signed policy is verified. */
export async function reporterOpensPortal(page: Page, baseUrl: string, lang: Lang): Promise<void> {
  await page.goto(`${baseUrl}/?lang=${lang}`);
  await page.waitForSelector('[data-policy="verified"]', { timeout: 30_000 });
}

/** The reporter switches the interface language with the buttons in the header. */
export async function reporterSwitchesLanguage(page: Page, lang: Lang): Promise<void> {
  await page.click(`button[data-lang="${lang}"]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}
