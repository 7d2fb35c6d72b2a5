import mongoose from 'mongoose';
import type { BrowserContext } from 'playwright-core';
import { deriveCaseSecrets, fromUtf8, openIdentity, toB64u, unwrapIdentityKey, verifyRewardClaim } from '../../core/crypto';
import { watchPage } from '../support/browser';
import type { DemoDeployment } from '../support/demoDeployment';
import { startPortalStack, type PortalStack } from '../support/portalStack';
import type { Spawned } from '../support/processes';
import { reporterChecksStatus } from './pages/reporterChecksStatus';
import { reporterOpensPortal } from './pages/reporterOpensPortal';
import { reporterFillsReport, reporterSendsReport } from './pages/reporterSubmitsReport';

jest.setTimeout(300_000);

/**
 * Issue 14 items 4, 5, 7 in Chromium: confidential mode asks for the APPC's fields (a mistyped
 * IIN is caught before sending) and seals them; on the status page the reporter consents to a
 * reveal and makes a reward claim signed with the code's key, which verifies against the key the
 * case stores and, once recorded, shows in the case history.
 */
describe('reporter: APPC fields, consent and reward claim', () => {
  let demo: DemoDeployment;
  let server: Spawned & { url: string };
  let browser: BrowserContext;
  let db: mongoose.Connection;

  let stack: PortalStack | undefined;

  beforeAll(async () => {
    stack = await startPortalStack('claims', { POW_DIFFICULTY: '6' });
    ({ demo, server, browser, db } = stack);
  });
  afterAll(() => stack?.stop());

  it('seals full name, IIN and address; consent and a verifiable reward claim from the status page', async () => {
    const page = await browser.newPage();
    const seen = watchPage(page);
    await reporterOpensPortal(page, server.url, 'en');
    await reporterFillsReport(page, { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', description: 'A bribe for a permit.', identity: { name: 'Aigerim Serikova', contact: 'aigerim@example.kz' } });
    await page.locator('[data-testid="confidential-rights"]').waitFor();
    expect(await page.locator('[data-testid="confidential-rights"]').innerText()).toMatch(/not yet an appeal under the APPC/);
    await page.fill('#identity-iin', '900101300125');
    await page.fill('#identity-address', 'Almaty, Abai avenue 1, apt 2');
    await page.click('[data-testid="submit"]');
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').innerText()).toMatch(/IIN contains a typing mistake/);
    expect(await db.collection('cases').countDocuments()).toBe(0);
    await page.fill('#identity-iin', '900101300126');
    const code = await reporterSendsReport(page);

    const secrets = deriveCaseSecrets(code, demo.policy.deploymentSalt);
    const stored = (await db.collection('cases').findOne({ caseToken: secrets.caseToken }))!;
    expect(stored.reporterSigningKey).toBe(toB64u(secrets.reporterSigningKeyPair.publicKey));
    const wrap = stored.identity.wraps[0];
    const identity = JSON.parse(fromUtf8(openIdentity(unwrapIdentityKey(wrap.wrap, demo.unitKeyPair(wrap.unitId)), secrets.caseToken, stored.identity.sealed)));
    expect(identity).toEqual({ name: 'Aigerim Serikova', iin: '900101300126', address: 'Almaty, Abai avenue 1, apt 2', contact: 'aigerim@example.kz', note: '' });

    const status = await browser.newPage();
    await reporterOpensPortal(status, server.url, 'en');
    await reporterChecksStatus(status, code);
    status.once('dialog', (dialog) => void dialog.accept());
    await status.click('[data-testid="give-consent"]');
    await status.locator('[data-testid="consent-given"]').waitFor({ timeout: 60_000 });
    expect((await db.collection('cases').findOne({ _id: stored._id }))!.identityConsentAt).toBeDefined();
    expect(await status.locator('[data-testid="timeline"] li[data-kind="identity_consent"]').count()).toBe(1);

    expect(await status.locator('[data-testid="reward-rules"]').innerText()).toMatch(/rewards people who report corruption/);
    await status.fill('#claimant', 'IIN 900101300126');
    await status.click('[data-testid="make-claim"]');
    const claim = JSON.parse(await status.locator('[data-testid="claim-text"]').inputValue());
    expect(claim.statement).toMatchObject({ format: 'cc-reward-claim/1', deploymentId: demo.policy.deploymentId, claimant: 'IIN 900101300126' });
    expect(verifyRewardClaim(claim, stored.reporterSigningKey)).toBe(true);
    await status.click('[data-testid="send-claim"]');
    await status.locator('[data-testid="timeline"] li[data-kind="reward_claim"]').waitFor({ timeout: 60_000 });
    expect(JSON.stringify(await db.collection('cases').findOne({ _id: stored._id }))).not.toContain('900101300126');
    expect(seen.errors).toEqual([]);
  });
});
