import mongoose from 'mongoose';
import type { BrowserContext } from 'playwright-core';
import { decryptAttachmentBytes, deriveCaseSecrets, fromUtf8, openFileMeta, openMessage, openReportBody, unwrapDek, type CaseSecrets } from '../../core/crypto';
import { launchBrowser, watchPage } from '../support/browser';
import { clientPinsDemoKey, loadDemoDeployment, type DemoDeployment } from '../support/demoDeployment';
import { startServer, startWorkers, type Spawned } from '../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../support/testEnv';
import { storedCaseFiles, storedCaseWithBody } from '../support/reporterClient';
import { jpegWithExif, pngWithText } from './pages/fixtures';
import { traceLeftByPortal } from './pages/portalChecks';
import { reporterChecksStatus, reporterSendsMessage } from './pages/reporterChecksStatus';
import { reporterOpensPortal, type Lang } from './pages/reporterOpensPortal';
import { reporterConfirmsCode, reporterSubmitsReport } from './pages/reporterSubmitsReport';

/** Words that only appear in the portal's form title in each language. */
const FORM_TITLE: Record<Lang, RegExp> = { kk: /хабарлау/i, ru: /Сообщить о коррупции/, en: /Make a report/ };
const RECEIVED: Record<Lang, string> = { kk: 'Хабарлама қабылданды', ru: 'Сообщение получено', en: 'Report received' };

/** The whole reporter journey in real Chromium against the real server, worker, FerretDB and Redis. */
describe('reporter journey in Chromium', () => {
  let demo: DemoDeployment;
  let server: Spawned & { url: string };
  let workers: Spawned;
  let browser: BrowserContext;
  let db: mongoose.Connection;

  beforeAll(async () => {
    demo = await loadDemoDeployment();
    if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin .data/demo-keys/root.pub: run "npm run build:client"');
    const uri = mongoUriFor(uniqueName('journey'));
    const env = { MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '6', ...demo.env };
    server = await startServer(env);
    workers = await startWorkers(env);
    browser = await launchBrowser();
    db = await mongoose.createConnection(uri).asPromise();
  });
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output(), workers?.output());
    await browser?.close();
    await workers?.stop();
    await server?.stop();
    // The shared FerretDB slows down with every database left behind.
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
  });

  /** The ciphertext of a stored file, from GridFS's chunks collection. */
  async function storedFile(fileId: string): Promise<Uint8Array> {
    const chunks = await db.collection('attachments.chunks').find({ files_id: fileId }).sort({ n: 1 }).toArray();
    return Buffer.concat(chunks.map((c) => Buffer.from(c.data.buffer)));
  }

  async function storedCase(secrets: CaseSecrets) {
    return storedCaseWithBody(db, secrets.caseToken);
  }

  for (const lang of ['kk', 'ru', 'en'] as const) {
    it(`${lang}: submits a report with two attachments, reads the status with the code and sends a follow-up message`, async () => {
      const page = await browser.newPage();
      const seen = watchPage(page);
      await reporterOpensPortal(page, server.url, lang);
      expect(await page.locator('#form-title').innerText()).toMatch(FORM_TITLE[lang]);

      const photo = await jpegWithExif(page, `photo-${lang}.jpg`, `GPS 43.2389N 76.8897E ${lang}`);
      const scan = await pngWithText(page, `scan-${lang}.png`, `Author: Deputy Akim ${lang}`);
      const description = `The deputy akim asked for a bribe for a land permit (${lang}).`;
      const code = await reporterSubmitsReport(page, {
        category: 'bribery',
        sector: 'land',
        region: 'KZ-75',
        seniority: 'S2',
        amount: 'A1',
        flags: ['criminal_signs'],
        description,
        details: { when: 'March 2024', evidence: 'A receipt' },
        files: [photo, scan],
      });
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);

      // What the server stored opens with the code (as the reporter) and with the unit's key.
      const secrets = deriveCaseSecrets(code, demo.policy.deploymentSalt);
      const stored = (await storedCase(secrets))!;
      expect(stored.routing).toMatchObject({ category: 'bribery', sector: 'land', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: ['criminal_signs'] });
      const body = JSON.parse(fromUtf8(openReportBody(secrets.dek, secrets.caseToken, stored.body)));
      expect(body).toEqual({ description, when: 'March 2024', evidence: 'A receipt', lang });
      const wrap = stored.wraps.find((w: { unitId: string }) => w.unitId === 'aca@KZ-75');
      expect(Buffer.from(unwrapDek(wrap.wrap, demo.unitKeyPair('aca@KZ-75')))).toEqual(Buffer.from(secrets.dek));
      const files = await storedCaseFiles(db, stored._id);
      expect(files).toHaveLength(2);
      for (const file of files) {
        const meta = JSON.parse(fromUtf8(openFileMeta(secrets.dek, secrets.caseToken, file.contentId, file.meta)));
        const plain = Buffer.from(decryptAttachmentBytes(secrets.dek, secrets.caseToken, file.contentId, await storedFile(file.fileId)));
        const original = meta.name === photo.name ? photo : scan;
        expect(original.buffer.toString('latin1')).toMatch(/GPS|Author/);
        // The image arrived, re-drawn: same kind of file, its hidden metadata gone.
        expect(plain.subarray(0, 2).toString('hex')).toBe(original.buffer.subarray(0, 2).toString('hex'));
        expect(plain.toString('latin1')).not.toMatch(/GPS 43|Deputy Akim|Exif|tEXt/);
      }

      // Typed back differently (lower case, spaces): normalised, accepted.
      await reporterConfirmsCode(page, code.toLowerCase().replace(/-/g, ' '));
      const view = await reporterChecksStatus(page, code);
      expect(view.status).toMatch(/^(received|acknowledged)$/);
      expect(view.timeline[0]).toContain(RECEIVED[lang]);
      expect(view.files.map((f) => f.split(' ')[0]).sort()).toEqual([photo.name, scan.name].sort());

      const followUp = `He called again today (${lang}).`;
      const after = await reporterSendsMessage(page, followUp);
      expect(after.messages.at(-1)).toEqual({ from: 'reporter', text: followUp });
      const message = await db.collection('messages').findOne({ caseId: stored._id });
      expect(fromUtf8(openMessage(secrets.dek, secrets.caseToken, message!.messageId, 'reporter', message!.sealed))).toBe(followUp);

      const trace = await traceLeftByPortal(page, browser, seen.requests, new URL(server.url).origin);
      expect(trace).toEqual({ foreignRequests: [], cookies: [], storage: { local: 0, session: 0, idb: 0, caches: 0 } });
      expect(seen.errors).toEqual([]);
      await page.close();
    });
  }
});
