import http from 'node:http';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import mongoose from 'mongoose';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { cryptoReady, encryptAttachmentBytes, newContentId, sealFileMeta, type CaseSecrets } from '../../core/crypto';
import { launchBrowser, watchPage } from '../support/browser';
import { ConsoleFactory, FACTORY_PASSWORD, type FactoryAccount } from '../support/consoleFactory';
import { clientPinsDemoKey, loadDemoDeployment, type DemoDeployment } from '../support/demoDeployment';
import type { TestDeployment } from '../support/deployment';
import { startServer, type Spawned } from '../support/processes';
import { caseAuthHeader } from '../support/reporterClient';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { investigatorOpensCase, investigatorSignsIn } from './pages/investigatorConsole';

const UNIT = 'aca@KZ-75';

/**
 * Investigators open reporters' files safely (issue 13 item 11), in real Chromium against the
 * real server and database: a PDF whose OpenAction runs JavaScript is shown as pixels and its
 * script never runs; a program named ".pdf" is detected from its bytes and only offered for
 * download behind a warning that names it; an image is redrawn in the sandboxed frame, and the
 * reporter's metadata removal is shown.
 */
describe('opening attachments in the console', () => {
  let demo: DemoDeployment;
  let server: Spawned & { url: string };
  let browser: BrowserContext;
  let db: mongoose.Connection;
  let factory: ConsoleFactory;
  let canary: http.Server;
  const canaryHits: string[] = [];
  let canaryUrl = '';

  beforeAll(async () => {
    await cryptoReady();
    demo = await loadDemoDeployment();
    if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client:demo"');
    const uri = mongoUriFor(uniqueName('attachments_e2e'));
    db = await mongoose.createConnection(uri).asPromise();
    factory = new ConsoleFactory(db, { policy: demo.policy, unitKeys: new Map([[UNIT, demo.unitKeyPair(UNIT)]]) } as unknown as TestDeployment);
    const prefix = uniqueName('q');
    factory.announceCasesTo(REDIS_URL, prefix);
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: prefix, POW_DIFFICULTY: '6', ...demo.env, ...factory.env });
    // Anything the PDF's script manages to reach lands here.
    canary = http.createServer((req, res) => {
      canaryHits.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await factory?.close();
    await server?.stop();
    await db?.close();
    await new Promise((resolve) => canary?.close(resolve));
  });

  it('shows a scripted PDF as pixels without running it; warns about a program named .pdf; redraws an image and shows what the reporter removed', async () => {
    const investigator: FactoryAccount = await factory.account({ username: 'saule' });
    await factory.member(investigator, UNIT);
    const kase = await factory.routedCase({ category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }, { unitId: UNIT, assigneeId: investigator.id, text: 'files attached' });
    const secrets = kase.report.secrets;
    const pdf = scriptedPdf(canaryUrl);
    const program = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), randomBytes(20_000)]);
    const png = solidPng(24, 16, [200, 30, 60]);
    await uploadFile(server.url, secrets, pdf, { name: 'scan.pdf', type: 'application/pdf', size: pdf.length, cleaning: 'none' });
    await uploadFile(server.url, secrets, program, { name: 'contract.pdf', type: 'application/pdf', size: program.length, cleaning: 'none' });
    await uploadFile(server.url, secrets, png, { name: 'photo.png', type: 'image/png', size: png.length, cleaning: 'stripped', removed: ['exif', 'trailing'] });

    const page = await browser.newPage();
    const seen = watchPage(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await investigatorSignsIn(page, server.url, 'saule', FACTORY_PASSWORD, investigator.totpSecret);
    await page.waitForSelector(`tr[data-case-id="${kase.id}"]`, { timeout: 30_000 });
    expect(await investigatorOpensCase(page, kase.id)).toContain('files attached');

    // The console page runs under Trusted Types: an HTML string cannot reach a DOM sink.
    expect(await page.evaluate(() => { try { document.body.insertAdjacentHTML('beforeend', '<b>x</b>'); return 'allowed'; } catch { return 'refused'; } })).toBe('refused');

    // 1. The PDF with an OpenAction script: rendered to one page of pixels, the script never runs.
    const pdfRow = await openFile(page, 'scan.pdf');
    await pdfRow.locator('[data-testid="viewer-shown"][data-pages="1"]').waitFor({ timeout: 60_000 });
    expect(await pdfRow.locator('[data-testid="file-detected"]').innerText()).toContain('PDF document');
    const pdfFrame = await viewerFrame(page, pdfRow);
    expect(await pdfFrame.evaluate(() => document.querySelectorAll('canvas').length)).toBe(1);
    // Something was drawn: the page's black text bar is in the pixels.
    expect(await pdfFrame.evaluate(() => {
      const c = document.querySelector('canvas')!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 60 && d[i + 1] < 60 && d[i + 2] < 60) dark++;
      return dark;
    })).toBeGreaterThan(100);
    // The frame is another (opaque) origin, and it has no network at all.
    expect(await pdfFrame.evaluate(() => origin)).toBe('null');
    expect(await pdfFrame.evaluate(() => fetch('/healthz').then(() => 'fetched', () => 'blocked'))).toBe('blocked');
    expect(await pdfFrame.evaluate(() => (globalThis as { ccPdfScriptRan?: boolean }).ccPdfScriptRan ?? false)).toBe(false);
    await page.waitForTimeout(1500); // give a script that did run the time to call out
    expect(canaryHits).toEqual([]);
    expect(dialogs).toEqual([]);
    await pdfRow.locator('[data-testid="file-close"]').click();

    // 2. A Windows program named "contract.pdf": detected from its bytes; no viewer; a warning
    // naming the type, with the advice; the download only after the investigator confirms.
    const exeRow = await openFile(page, 'contract.pdf');
    await exeRow.locator('[data-testid="file-warning"]').waitFor();
    expect(await exeRow.locator('[data-testid="attachment-viewer"]').count()).toBe(0);
    expect(await exeRow.locator('[data-testid="file-misleading"]').innerText()).toMatch(/named “\.pdf” but it is a Windows program/);
    const warning = await exeRow.locator('[data-testid="file-warning"]').innerText();
    expect(warning).toContain('a Windows program (executable)');
    expect(warning).toMatch(/without network access[\s\S]*disposable viewer/);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), exeRow.locator('[data-testid="file-download"]').click()]);
    expect(download.suggestedFilename()).toBe('contract.pdf');
    expect(Buffer.from(await (await import('node:fs')).promises.readFile((await download.path())!)).equals(program)).toBe(true);
    await exeRow.locator('[data-testid="file-close"]').click();

    // 3. An image: redrawn on a canvas in the frame (its pixels arrive); the reporter's removal record is shown.
    const imageRow = await openFile(page, 'photo.png');
    await imageRow.locator('[data-testid="viewer-shown"]').waitFor({ timeout: 30_000 });
    expect(await imageRow.locator('[data-testid="file-misleading"]').count()).toBe(0);
    const imageFrame = await viewerFrame(page, imageRow);
    expect(await imageFrame.evaluate(() => Array.from(document.querySelector('canvas')!.getContext('2d')!.getImageData(3, 3, 1, 1).data))).toEqual([200, 30, 60, 255]);
    const cleaning = await imageRow.locator('[data-testid="file-cleaning"]').innerText();
    expect(cleaning).toContain('EXIF (location, camera, dates)');
    expect(cleaning).toContain('data after the image');

    // The console asks /auth/me at start; before sign-in that answer is a 401, which Chromium logs.
    // The two refusals this test provoked on purpose are logged too; nothing else.
    const provoked = [/requires 'TrustedHTML' assignment/, /violates the following Content Security Policy directive: "connect-src 'none'"/, /Refused to connect because it violates the document's Content Security Policy/];
    expect(seen.errors.filter((e) => /TrustedHTML/.test(e))).toHaveLength(1);
    expect(seen.errors.filter((e) => !/status of 401/.test(e) && !provoked.some((p) => p.test(e)))).toEqual([]);
    expect(seen.requests.every((u) => u.startsWith(server.url) || u.startsWith('blob:') || u.startsWith('data:'))).toBe(true);
  }, 300_000);
});

async function openFile(page: Page, name: string) {
  const row = page.locator('[data-testid="files"] li', { hasText: name });
  await row.locator('[data-testid="file-open"]').click();
  await row.locator('[data-testid="attachment-panel"]').waitFor({ timeout: 60_000 });
  return row;
}

async function viewerFrame(page: Page, row: ReturnType<Page['locator']>): Promise<Frame> {
  const handle = await row.locator('[data-testid="attachment-viewer"]').elementHandle();
  const frame = await handle!.contentFrame();
  if (!frame) throw new Error('viewer frame not found');
  expect(page.frames()).toContain(frame);
  return frame;
}

/** Encrypts and uploads a file as the reporter's browser does, with the given (sealed) metadata. */
async function uploadFile(baseUrl: string, secrets: CaseSecrets, plaintext: Uint8Array, meta: Record<string, unknown>) {
  const contentId = newContentId();
  const ciphertext = encryptAttachmentBytes(secrets.dek, secrets.caseToken, contentId, plaintext);
  const sealedMeta = sealFileMeta(secrets.dek, secrets.caseToken, contentId, JSON.stringify(meta));
  const auth = { authorization: caseAuthHeader(secrets) };
  const start = await fetch(`${baseUrl}/api/reports/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ size: ciphertext.length, chunkCount: Math.ceil(ciphertext.length / (1024 * 1024)), contentId, meta: sealedMeta }),
  });
  expect(start.status).toBe(201);
  const { uploadId, chunkSize } = await start.json();
  for (let i = 0; i * chunkSize < ciphertext.length; i++) {
    const put = await fetch(`${baseUrl}/api/reports/uploads/${uploadId}/chunks/${i}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', ...auth },
      body: Buffer.from(ciphertext.subarray(i * chunkSize, (i + 1) * chunkSize)),
    });
    expect(put.status).toBe(200);
  }
  const done = await fetch(`${baseUrl}/api/reports/uploads/${uploadId}/complete`, { method: 'POST', headers: auth });
  expect(done.status).toBe(200);
}

/**
 * A one-page PDF that draws a black bar, with an OpenAction JavaScript that, if any viewer ran
 * it, would call the canary server three ways, set a global and raise an alert.
 */
function scriptedPdf(canaryUrl: string): Buffer {
  const js = `globalThis.ccPdfScriptRan = true; app.alert('pdf script ran'); app.launchURL('${canaryUrl}/launch', true); this.submitForm('${canaryUrl}/submit'); this.getURL('${canaryUrl}/geturl');`;
  const content = '0 0 0 rg 72 600 400 60 re f';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R /Names << /JavaScript << /Names [(run) 4 0 R] >> >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /AA << /O 4 0 R >> >>',
    `<< /Type /Action /S /JavaScript /JS (${js.replace(/[()\\]/g, (c) => `\\${c}`)}) >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A PNG of one colour, built with zlib (no image library). */
function solidPng(width: number, height: number, [r, g, b]: number[]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}
