/**
 * "Who will be able to read" in the real portal (issue 12): before sending, the form lists the
 * units that will hold the case key, and in confidential mode the shorter list that will hold the
 * identity key, named from the signed policy in the reporter's language; the lists follow the
 * answers; and the report sent is sealed to exactly the units shown.
 */
import mongoose from 'mongoose';
import type { BrowserContext, Page } from 'playwright-core';
import { deriveCaseSecrets } from '../../core/crypto';
import { unitLabel } from '../../core/policy';
import type { DemoDeployment } from '../support/demoDeployment';
import { startPortalStack, type PortalStack } from '../support/portalStack';
import type { Spawned } from '../support/processes';
import { reporterOpensPortal, reporterSwitchesLanguage } from './pages/reporterOpensPortal';
import { reporterFillsReport, reporterSendsReport } from './pages/reporterSubmitsReport';

/** The unit ids the form lists, in order. */
const listed = (page: Page, list: 'report' | 'identity') => page.locator(`[data-testid="readers-${list}"] li`).evaluateAll((items) => items.map((li) => li.getAttribute('data-unit')));

describe('the reporter sees who will be able to read, in Chromium', () => {
  let demo: DemoDeployment;
  let server: Spawned & { url: string };
  let browser: BrowserContext;
  let db: mongoose.Connection;

  let stack: PortalStack | undefined;

  beforeAll(async () => {
    stack = await startPortalStack('readers', { POW_DIFFICULTY: '4' });
    ({ demo, server, browser, db } = stack);
  });
  afterAll(() => stack?.stop());

  it('lists the readers for the issue’s example, follows the answers, and seals to exactly those units', async () => {
    const page = await browser.newPage();
    await reporterOpensPortal(page, server.url, 'ru');
    // Nothing is listed until the questions that decide the route are answered.
    expect(await page.locator('[data-testid="readers-incomplete"]').count()).toBe(1);

    // Retaliation against a whistleblower by an officer of the Anti-Corruption Service, Akmola region.
    await reporterFillsReport(page, {
      category: 'retaliation',
      region: 'KZ-11',
      seniority: 'S3',
      amount: 'A0',
      flags: ['subject_in_aca'],
      description: 'Меня уволили после сообщения о взятке.',
      identity: { name: 'Айгерим', contact: '+7 701 000 00 00' },
    });
    expect(await listed(page, 'report')).toEqual(['prosecutor@KZ-11', 'prosecutor@KZ', 'triage@KZ']);
    expect(await listed(page, 'identity')).toEqual(['prosecutor@KZ-11', 'triage@KZ']);
    // Named in the reporter's language from the signed policy, and the excluded services said.
    const names = await page.locator('[data-testid="readers-report"] li').allInnerTexts();
    expect(names).toEqual(['prosecutor@KZ-11', 'prosecutor@KZ', 'triage@KZ'].map((u) => unitLabel(demo.policy, u, 'ru')));
    const excluded = await page.locator('[data-testid="readers-excluded"]').innerText();
    expect(excluded).toContain('Антикоррупционная служба');
    // Only the body concerned is excluded (issue 14): the AFM is not named.
    expect(excluded).not.toContain('Служба экономических расследований АФМ');
    await reporterSwitchesLanguage(page, 'kk');
    expect(await page.locator('[data-testid="readers-report"] li').first().innerText()).toBe(unitLabel(demo.policy, 'prosecutor@KZ-11', 'kk'));

    // Without the flag, R1 applies as before, and the notified aca reads a read-only copy (issue 14): listed.
    await page.locator('#flags-subject_in_aca').uncheck();
    expect(await listed(page, 'report')).toEqual(['prosecutor@KZ-11', 'prosecutor@KZ', 'triage@KZ', 'aca@KZ-11']);
    expect(await listed(page, 'identity')).toEqual(['prosecutor@KZ-11', 'triage@KZ']);
    // The reporter is told that aca only reads a copy.
    expect(await page.locator('[data-testid="readers-report"] li[data-unit="aca@KZ-11"]').innerText()).toContain('тек оқуға арналған көшірме'); // the page is in Kazakh here
    expect(await page.locator('[data-testid="readers-excluded"]').count()).toBe(0);
    // Another category: the anti-corruption service receives it, and the identity list follows.
    await page.locator('#category').selectOption('bribery');
    expect(await listed(page, 'report')).toEqual(['aca@KZ-11', 'prosecutor@KZ-11', 'triage@KZ']);
    expect(await listed(page, 'identity')).toEqual(['aca@KZ-11', 'triage@KZ']);
    // Anonymous mode: no identity list at all.
    await page.locator('#mode-anonymous').check();
    expect(await page.locator('[data-testid="readers-identity"]').count()).toBe(0);
    // Back to the example, confidential, and send: the stored wraps are the units shown.
    await page.locator('#category').selectOption('retaliation');
    await page.locator('#flags-subject_in_aca').check();
    await page.locator('#mode-confidential').check();
    const shownReport = await listed(page, 'report');
    const shownIdentity = await listed(page, 'identity');
    const code = await reporterSendsReport(page);
    const { caseToken } = deriveCaseSecrets(code, demo.policy.deploymentSalt);
    const stored = (await db.collection('cases').findOne({ caseToken }))!;
    expect(stored.wraps.map((w: { unitId: string }) => w.unitId)).toEqual(shownReport);
    expect(stored.identity.wraps.map((w: { unitId: string }) => w.unitId)).toEqual(shownIdentity);
    expect(JSON.stringify(stored.wraps)).not.toMatch(/"aca@/);
    await page.close();
  });
});
