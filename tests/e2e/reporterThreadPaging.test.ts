import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { BrowserContext } from 'playwright-core';
import { newContentId, sealMessage } from '../../core/crypto';
import { watchPage } from '../support/browser';
import type { DemoDeployment } from '../support/demoDeployment';
import { startPortalStack, type PortalStack } from '../support/portalStack';
import type { TestDeployment } from '../support/deployment';
import type { Spawned } from '../support/processes';
import { buildReport, submit } from '../support/reporterClient';
import { reporterChecksStatus, reporterReadsCase, reporterSendsMessage } from './pages/reporterChecksStatus';
import { reporterOpensPortal } from './pages/reporterOpensPortal';

/**
 * Issue 13 item 3 in Chromium: a thread longer than a page opens on its NEWEST messages (the old
 * reader showed the first 500 and hid later replies), "Show older messages" brings the rest, the
 * page shows the per-case caps, and a follow-up goes out behind its own proof of work.
 */
describe('reporter thread paging and caps in Chromium', () => {
  let demo: DemoDeployment;
  let server: Spawned & { url: string };
  let browser: BrowserContext;
  let db: mongoose.Connection;

  let stack: PortalStack | undefined;

  beforeAll(async () => {
    stack = await startPortalStack('paging', { POW_DIFFICULTY: '4', MAX_CASE_MESSAGES: '7', MAX_CASE_FILES: '3' });
    ({ demo, server, browser, db } = stack);
  });
  afterAll(() => stack?.stop());

  it('opens on the newest page of a 520-message thread, loads older pages on request, shows the caps and sends a message', async () => {
    const report = buildReport(demo as unknown as TestDeployment, { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }, 'a report with a long thread');
    expect((await submit(server.url, report)).status).toBe(201);
    const { secrets } = report;
    const kase = await db.collection('cases').findOne({ caseToken: secrets.caseToken });
    const total = 520;
    const replies = Array.from({ length: total }, (_, i) => {
      const messageId = newContentId();
      return { _id: randomBytes(16).toString('base64url'), caseId: kase!._id, seq: i + 1, messageId, from: 'investigator', sealed: sealMessage(secrets.dek, secrets.caseToken, messageId, 'investigator', `reply ${i + 1}`), at: new Date(0) };
    });
    await db.collection('messages').insertMany(replies as never[]);
    await db.collection('cases').updateOne({ _id: kase!._id }, { $set: { messageCount: total } });

    const page = await browser.newPage();
    const seen = watchPage(page);
    await reporterOpensPortal(page, server.url, 'en');
    const first = await reporterChecksStatus(page, report.code!);
    expect(first.messages).toHaveLength(100);
    expect(first.messages[first.messages.length - 1].text).toBe(`reply ${total}`);
    // The caps as configured (MAX_CASE_MESSAGES 7, MAX_CASE_FILES 3), in words, before any is reached.
    expect(await page.locator('[data-testid="message-caps"]').innerText()).toMatch(/\b7\b.*\b0\b/);
    expect(await page.locator('[data-testid="file-caps"]').innerText()).toContain('at most 3 files');

    await page.click('[data-testid="older-messages"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="thread"] li').length === 200);
    const second = await reporterReadsCase(page);
    expect(second.messages[0].text).toBe(`reply ${total - 199}`);

    const after = await reporterSendsMessage(page, 'my newest follow-up');
    expect(after.messages[after.messages.length - 1].text).toBe('my newest follow-up');
    expect(await db.collection('messages').countDocuments({ caseId: kase!._id, from: 'reporter' })).toBe(1);
    expect(await page.locator('[data-testid="message-caps"]').innerText()).toMatch(/\b7\b.*\b1\b/);
    expect(seen.errors).toEqual([]);
    await page.close();
  }, 240_000);
});
