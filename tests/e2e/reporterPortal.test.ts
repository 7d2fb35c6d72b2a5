import mongoose from 'mongoose';
import type { BrowserContext, Page } from 'playwright-core';
import { decryptAttachmentBytes, deriveCaseSecrets, formatCaseCode, fromUtf8, generateCaseCode, openIdentity, openReportBody, unwrapDek, unwrapIdentityKey } from '../../core/crypto';
import { currentUnitKey, standbyUnitKey } from '../../core/policy';
import { routeCase } from '../../core/routing';
import { watchPage } from '../support/browser';
import { createTestDeployment } from '../support/deployment';
import type { DemoDeployment } from '../support/demoDeployment';
import { startPortalStack, type PortalStack } from '../support/portalStack';
import { startServer, type Spawned } from '../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { storedCaseFiles, storedCaseWithBody } from '../support/reporterClient';
import { jpegWithExif, pngWithText, textFile } from './pages/fixtures';
import { traceLeftByPortal } from './pages/portalChecks';
import { reporterChecksStatus, reporterEntersCode } from './pages/reporterChecksStatus';
import { reporterOpensPortal, reporterSwitchesLanguage } from './pages/reporterOpensPortal';
import { reporterFillsReport, reporterSendsReport, reporterSubmitsReport } from './pages/reporterSubmitsReport';

const REPORT = { category: 'procurement', region: 'KZ-71', seniority: 'S3', amount: 'A2', description: 'A tender was rigged.' };

/** The portal's behaviour around the main journey: languages, confidentiality, files, codes, refusal. */
describe('reporter portal in Chromium', () => {
  let demo: DemoDeployment;
  let server: Spawned & { url: string };
  let browser: BrowserContext;
  let db: mongoose.Connection;

  let stack: PortalStack | undefined;

  beforeAll(async () => {
    // Small chunks (the minimum) so that a modest file spans several of them.
    stack = await startPortalStack('portal', { POW_DIFFICULTY: '6', UPLOAD_CHUNK_BYTES: '65536' });
    ({ demo, server, browser, db } = stack);
  });
  afterAll(() => stack?.stop());

  async function openPage(lang: 'kk' | 'ru' | 'en' = 'en'): Promise<{ page: Page; seen: ReturnType<typeof watchPage> }> {
    const page = await browser.newPage();
    const seen = watchPage(page);
    await reporterOpensPortal(page, server.url, lang);
    return { page, seen };
  }

  it('keeps everything typed while the language changes, and translates labels and errors', async () => {
    const { page, seen } = await openPage('ru');
    await reporterFillsReport(page, { ...REPORT, description: 'Описание, набранное по-русски.', details: { who: 'Начальник отдела' }, identity: { name: 'Айгүл', contact: '+7 700 000 00 00' } });
    await page.click('button[data-view="check"]');
    await page.fill('#status-code', 'ABCD');
    await page.click('[data-testid="status-form"] button[type="submit"]');
    const ruError = await page.locator('#status-code-error').innerText();
    for (const lang of ['kk', 'en', 'ru', 'kk'] as const) {
      await reporterSwitchesLanguage(page, lang);
      expect(await page.inputValue('#status-code')).toBe('ABCD');
      expect(await page.locator('#status-code-error').innerText()).not.toBe(lang === 'ru' ? '' : ruError);
      await page.click('button[data-view="report"]');
      expect(await page.inputValue('#description')).toBe('Описание, набранное по-русски.');
      expect(await page.inputValue('#details-who')).toBe('Начальник отдела');
      expect(await page.inputValue('#identity-name')).toBe('Айгүл');
      expect(await page.locator('#category').inputValue()).toBe('procurement');
      expect(await page.locator('#seniority-S3').isChecked()).toBe(true);
      await page.click('button[data-view="check"]');
    }
    // The policy's own labels follow the language too.
    expect(await page.locator('#category option[value="procurement"]').innerText()).toBe(demo.policy.categories.find((c) => c.id === 'procurement')!.labels.kk);
    expect(seen.requests.filter((u) => u.includes('/api/reports'))).toEqual([]);
    await page.close();
  });

  it('seals a confidential identity apart from the report, readable by the unit after unwrapping its identity key', async () => {
    const { page } = await openPage('en');
    expect(await page.locator('[data-testid="legal-warning"]').count()).toBe(1);
    const code = await reporterSubmitsReport(page, { ...REPORT, identity: { name: 'Aigul Serikova', contact: 'aigul@example.kz' } });
    const secrets = deriveCaseSecrets(code, demo.policy.deploymentSalt);
    const stored = (await storedCaseWithBody(db, secrets.caseToken))!;
    expect(stored.confidential).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('Aigul');
    expect(fromUtf8(openReportBody(secrets.dek, secrets.caseToken, stored.body))).not.toContain('Aigul');
    const unitId = stored.identity.wraps[0].unitId;
    const identityKey = unwrapIdentityKey(stored.identity.wraps[0].wrap, demo.unitKeyPair(unitId));
    expect(JSON.parse(fromUtf8(openIdentity(identityKey, secrets.caseToken, stored.identity.sealed)))).toEqual({ name: 'Aigul Serikova', contact: 'aigul@example.kz', note: '' });
    // The code cannot open the identity: its key is random, not derived from the code.
    expect(() => openIdentity(secrets.dek as never, secrets.caseToken, stored.identity.sealed)).toThrow();
    await page.close();
  });

  it('catches a typo in the code before any network call, and answers a wrong code neutrally', async () => {
    const { page, seen } = await openPage('en');
    const code = await reporterSubmitsReport(page, REPORT);
    const typo = code.slice(0, 5) + (code[5] === 'A' ? 'B' : 'A') + code.slice(6);
    const before = seen.requests.length;
    await reporterEntersCode(page, typo);
    await page.locator('#status-code-error').waitFor();
    expect(await page.locator('#status-code-error').innerText()).toMatch(/typing mistake/);
    expect(seen.requests.slice(before)).toEqual([]);

    // A well-formed code of no case: the same neutral answer a wrong code gets from the server.
    await page.fill('#status-code', formatCaseCode(generateCaseCode()));
    await page.click('[data-testid="status-form"] button[type="submit"]');
    await page.locator('[data-testid="status-error"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="status-error"]').innerText()).toBe('No case was found for this code.');
    expect(seen.requests.some((u) => u.endsWith('/api/reports/status'))).toBe(true);
    await page.close();
  });

  it('resumes an upload whose connection drops, and the file arrives intact', async () => {
    const { page } = await openPage('en');
    const big = textFile('ledger.txt', 'row of the secret ledger\n'.repeat(12_000)); // ~300 KB → 6 chunks of 64 KiB
    let dropped = 0;
    // Chunk 2: the server stores it but the answer is lost. Chunk 4: the request never arrives.
    await page.route(/\/chunks\/(2|4)$/, async (route) => {
      if (dropped >= 2) return route.continue();
      dropped += 1;
      if (route.request().url().endsWith('/2')) await route.fetch();
      await route.abort('connectionreset');
    });
    const code = await reporterSubmitsReport(page, { ...REPORT, files: [big] });
    expect(dropped).toBe(2);
    expect(await page.locator('.case-code [role="alert"]').count()).toBe(0);
    const secrets = deriveCaseSecrets(code, demo.policy.deploymentSalt);
    const stored = (await storedCaseWithBody(db, secrets.caseToken))!;
    const [listed] = await storedCaseFiles(db, stored._id);
    const chunks = await db.collection('attachments.chunks').find({ files_id: listed.fileId }).sort({ n: 1 }).toArray();
    expect(chunks.map((c) => c.n)).toEqual([0, 1, 2, 3, 4, 5]);
    const plain = decryptAttachmentBytes(secrets.dek, secrets.caseToken, listed.contentId, Buffer.concat(chunks.map((c) => Buffer.from(c.data.buffer))));
    expect(Buffer.from(plain).equals(big.buffer)).toBe(true);
    await page.close();
  });

  it('warns that non-image files keep their metadata, and cuts metadata out where canvas reading is blocked (Tor Browser)', async () => {
    const page = await browser.newPage();
    // Tor Browser hands back blank pixels from a canvas; imitate that before the page loads.
    await page.addInitScript(() => {
      CanvasRenderingContext2D.prototype.getImageData = function (_x: number, _y: number, w: number, h: number) {
        return new ImageData(w, h);
      };
    });
    await reporterOpensPortal(page, server.url, 'en');
    const photo = await jpegWithExif(page, 'photo.jpg', 'GPS 51.1694N 71.4491E');
    const scanPng = await pngWithText(page, 'scan.png', 'Author: Chief Accountant');
    await reporterFillsReport(page, { ...REPORT, files: [photo, scanPng, textFile('notes.txt', 'plain notes')] });
    expect(await page.locator('[data-cleaning="stripped"]').count()).toBe(2);
    expect(await page.locator('[data-cleaning="none"]').innerText()).toMatch(/may contain hidden information/);
    const code = await reporterSendsReport(page);
    const secrets = deriveCaseSecrets(code, demo.policy.deploymentSalt);
    const stored = (await storedCaseWithBody(db, secrets.caseToken))!;
    const texts: Buffer[] = [];
    for (const file of await storedCaseFiles(db, stored._id)) {
      const chunks = await db.collection('attachments.chunks').find({ files_id: file.fileId }).sort({ n: 1 }).toArray();
      texts.push(Buffer.from(decryptAttachmentBytes(secrets.dek, secrets.caseToken, file.contentId, Buffer.concat(chunks.map((c) => Buffer.from(c.data.buffer))))));
    }
    const jpeg = texts.find((b) => b[0] === 0xff)!;
    expect(jpeg.toString('latin1')).not.toContain('GPS 51');
    // Metadata segments gone (EXIF APP1, ICC APP2), the JFIF header kept, the image data untouched byte for byte.
    const segments = (b: Buffer) => {
      const out: number[] = [];
      for (let p = 2; b[p] === 0xff && b[p + 1] !== 0xda; p += 2 + b.readUInt16BE(p + 2)) out.push(b[p + 1]);
      return out;
    };
    expect(segments(photo.buffer)).toEqual(expect.arrayContaining([0xe0, 0xe1, 0xe2]));
    expect(segments(jpeg)).toEqual(segments(photo.buffer).filter((m) => m !== 0xe1 && m !== 0xe2));
    const scan = (b: Buffer) => b.subarray(b.indexOf(Buffer.from([0xff, 0xda])));
    expect(scan(jpeg).equals(scan(photo.buffer))).toBe(true);
    // PNG: exactly the original without its tEXt chunk.
    const png = texts.find((b) => b[0] === 0x89)!;
    const textAt = scanPng.buffer.indexOf('tEXt') - 4;
    const textChunk = 12 + scanPng.buffer.readUInt32BE(textAt);
    expect(png.equals(Buffer.concat([scanPng.buffer.subarray(0, textAt), scanPng.buffer.subarray(textAt + textChunk)]))).toBe(true);
    expect(texts.find((b) => b.toString() === 'plain notes')).toBeDefined();
    await page.close();
  });

  it("seals to a unit's standby key once the server switched the unit (a key holder was removed)", async () => {
    const route = routeCase(demo.policy, { ...REPORT, flags: [] });
    const unitId = route.candidateSet[0];
    const standby = standbyUnitKey(demo.policy, unitId);
    expect(standby).toBeDefined(); // the demo deployment signs a standby for every unit
    await db.collection('unitstates').insertOne({ _id: unitId as never, standbyGeneration: standby!.generation });
    try {
      const { page } = await openPage('en');
      const code = await reporterSubmitsReport(page, { ...REPORT, description: 'Sealed after a removal.' });
      const secrets = deriveCaseSecrets(code, demo.policy.deploymentSalt);
      const stored = (await storedCaseWithBody(db, secrets.caseToken))!;
      const generations = Object.fromEntries(stored.wraps.map((w: { unitId: string; generation: number }) => [w.unitId, w.generation]));
      expect(generations[unitId]).toBe(standby!.generation);
      // Only the switched unit moved; the others keep their current key.
      for (const other of route.candidateSet.slice(1)) expect(generations[other]).toBe(currentUnitKey(demo.policy, other)!.generation);
      const wrap = stored.wraps.find((w: { unitId: string }) => w.unitId === unitId);
      expect(() => unwrapDek(wrap.wrap, demo.unitKeyPair(unitId))).toThrow();
      const dek = unwrapDek(wrap.wrap, demo.unitKeyPair(unitId, standby!.generation));
      expect(fromUtf8(openReportBody(dek, secrets.caseToken, stored.body))).toContain('Sealed after a removal.');
      await page.close();
    } finally {
      await db.collection('unitstates').deleteOne({ _id: unitId as never });
    }
  });

  it('refuses to work with a policy that is not signed by the pinned root key', async () => {
    const forged = await createTestDeployment();
    const other = await startServer({ MONGODB_URI: mongoUriFor(uniqueName('forged')), REDIS_URL, QUEUE_PREFIX: uniqueName('q'), ...forged.env });
    try {
      const page = await browser.newPage();
      await page.goto(`${other.url}/?lang=en`);
      await page.waitForSelector('[data-policy="refused"]', { timeout: 30_000 });
      expect(await page.locator('[data-policy="refused"]').innerText()).toMatch(/could not confirm[\s\S]*bad_signature/);
      expect(await page.locator('[data-testid="report-form"]').count()).toBe(0);
      await page.close();
    } finally {
      await other.stop();
    }
  });

  it('leaves no cookie, no storage and no request to another origin', async () => {
    const { page, seen } = await openPage('kk');
    const code = await reporterSubmitsReport(page, REPORT);
    await page.fill('#confirm-code', code);
    await page.click('[data-testid="finish"]');
    const view = await reporterChecksStatus(page, code);
    expect(view.status).toBe('received');
    const trace = await traceLeftByPortal(page, browser, seen.requests, new URL(server.url).origin);
    expect(trace).toEqual({ foreignRequests: [], cookies: [], storage: { local: 0, session: 0, idb: 0, caches: 0 } });
    await page.close();
  });
});
