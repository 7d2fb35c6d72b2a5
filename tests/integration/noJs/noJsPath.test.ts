import mongoose from 'mongoose';
import { caseAuthVerifier, deriveCaseSecrets, formatCaseCode, fromB64u, fromUtf8, generateCaseCode, openIdentity, openMessage, openReportBody, sealReportBody, toB64u, unwrapDek, unwrapIdentityKey, wrapDekForUnit } from '../../../core/crypto';
import { currentUnitKey, unitLabel } from '../../../core/policy';
import { submit, storedCaseWithBody } from '../../support/reporterClient';
import { escapeHtml } from '../../../server/noJs/html';
import { buildSubmission } from '../../../core/submission';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { codeOnPage, counts, getPage, investigatorReplies, postForm, reportFields } from './noJsHttp';

/** The no-JavaScript path over plain HTTP form posts, with real crypto, FerretDB and Redis. */
describe('no-JavaScript form: submit, status by code, messages', () => {
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  let db: mongoose.Connection;
  const unitKey = (unitId: string) => deployment.unitKeys.get(unitId)!;

  beforeAll(async () => {
    deployment = await createTestDeployment();
    const uri = mongoUriFor(uniqueName('nojs'));
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '4', ...deployment.env });
    db = await mongoose.createConnection(uri).asPromise();
  });
  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output());
    await server?.stop();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
  });

  it('serves the form in kk, ru and en with the policy\'s questions, the warning, no-store and a CSP that allows only same-origin form posts', async () => {
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const page = await getPage(server.url, `/nojs?lang=${lang}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
      expect(page.html).toContain(`<html lang="${lang}">`);
      expect(page.html).toContain('data-testid="weaker-warning"');
      expect(page.html).toContain(deployment.policy.categories[0].labels[lang]);
      expect(page.html).toContain(deployment.policy.regions[0].labels[lang]);
      expect(page.html).toContain(deployment.policy.routingInputs.seniority.options[0].labels[lang]);
      expect(page.html).toContain(`action="/nojs/report?lang=${lang}"`);
      expect(page.html).not.toMatch(/<script/i);
    }
    expect((await getPage(server.url, '/nojs?lang=en')).html).toContain('the server sees your words while it seals them');
  });

  it('seals a confidential report on the server to exactly the units the browser would, marked sealedBy server; the unit opens it', async () => {
    const description = 'The head of the land office asked for 2 million tenge.';
    const page = await postForm(server.url, '/nojs/report?lang=en', reportFields(description, { mode: 'confidential', name: 'Aigerim N.', contact: '+7 700 000 0000', note: '' }));
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const code = codeOnPage(page.html);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=U]$/);

    const { caseToken } = deriveCaseSecrets(code, deployment.policy.deploymentSalt);
    const kase = (await storedCaseWithBody(db, caseToken))!;
    expect(kase.sealedBy).toBe('server');
    expect(kase.confidential).toBe(true);
    // The browser's own code, for the same answers: the same units, the same key generations.
    const draft = { routing: { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: ['criminal_signs'] }, description, details: { when: '', where: '', who: '', evidence: '' }, identity: { name: 'x', contact: 'y', note: '' }, lang: 'en', attachments: 0 };
    const browser = buildSubmission(deployment.policy, draft).submission as { wraps: { unitId: string; generation: number }[]; identity: { wraps: { unitId: string; generation: number }[] } };
    const units = (ws: { unitId: string; generation: number }[]) => ws.map((w) => `${w.unitId}#${w.generation}`);
    expect(units(kase.wraps)).toEqual(units(browser.wraps));
    expect(units(kase.identity.wraps)).toEqual(units(browser.identity.wraps));

    for (const wrap of kase.wraps) {
      const dek = unwrapDek(wrap.wrap, unitKey(wrap.unitId));
      const body = JSON.parse(fromUtf8(openReportBody(dek, caseToken, kase.body)));
      expect(body).toMatchObject({ description, when: 'March 2026', lang: 'en' });
    }
    const idWrap = kase.identity.wraps[0];
    const identity = JSON.parse(fromUtf8(openIdentity(unwrapIdentityKey(idWrap.wrap, unitKey(idWrap.unitId)), caseToken, kase.identity.sealed)));
    expect(identity).toEqual({ name: 'Aigerim N.', contact: '+7 700 000 0000', note: '' });
  });

  it('opens the case by code (status, an investigator reply decrypted), then sends a message the unit can read', async () => {
    const sent = await postForm(server.url, '/nojs/report?lang=ru', reportFields('Взятка в акимате.'));
    const code = codeOnPage(sent.html);
    const { kase } = await investigatorReplies(db, deployment.policy, code, unitKey, 'Спасибо, уточните дату.');

    const status = await postForm(server.url, '/nojs/status?lang=ru', { code: code.toLowerCase().replace(/-/g, ' ') });
    expect(status.status).toBe(200);
    expect(status.headers.get('cache-control')).toBe('no-store');
    expect(status.html).toContain('data-status="received"');
    expect(status.html).toContain('Спасибо, уточните дату.');
    expect(status.html).toContain('data-from="investigator"');
    // The code goes back only inside POST forms (hidden fields), never into a link.
    expect(status.html).not.toMatch(new RegExp(`href="[^"]*${code}`));
    expect(status.html).toContain(`name="code" value="${code}"`);
    // Padded like the JSON status answer: the length does not tell how long the thread is.
    expect(Buffer.byteLength(status.html)).toBe(64 * 1024);

    const reply = await postForm(server.url, '/nojs/message?lang=ru', { code, message: 'Это было 3 марта.' });
    expect(reply.status).toBe(200);
    expect(reply.html).toContain('data-testid="case-notice"');
    expect(reply.html).toContain('Это было 3 марта.');
    expect(Buffer.byteLength(reply.html)).toBe(64 * 1024);
    const stored = (await db.collection('messages').find({ caseId: kase._id, from: 'reporter' }).toArray());
    expect(stored).toHaveLength(1);
    const dek = unwrapDek(kase.wraps[kase.wraps.length - 1].wrap, unitKey(kase.wraps[kase.wraps.length - 1].unitId));
    expect(fromUtf8(openMessage(dek, kase.caseToken, stored[0].messageId, 'reporter', stored[0].sealed))).toBe('Это было 3 марта.');
  });

  it('opens a case made with the older case-code KDF (version 1) too: versions are tried newest first', async () => {
    const code = generateCaseCode();
    const v1 = deriveCaseSecrets(code, deployment.policy.deploymentSalt, 1);
    const draft = { routing: { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }, description: 'an older case', details: { when: '', where: '', who: '', evidence: '' }, lang: 'en', attachments: 0 };
    // The browser's submission for these answers, with the version-1 secrets in place of the fresh ones.
    const built = buildSubmission(deployment.policy, draft).submission as Record<string, any>;
    const submission = {
      ...built,
      caseToken: v1.caseToken,
      authVerifier: caseAuthVerifier(v1.authSecret),
      reporterPublicKey: toB64u(v1.reporterKeyPair.publicKey),
      body: sealReportBody(v1.dek, v1.caseToken, JSON.stringify({ description: 'an older case', lang: 'en' })),
      wraps: built.wraps.map((w: { unitId: string; generation: number }) => ({ ...w, wrap: wrapDekForUnit(v1.dek, fromB64u(currentUnitKey(deployment.policy, w.unitId)!.publicKey, 32)) })),
    };
    expect((await submit(server.url, { secrets: v1, submission })).status).toBe(201);
    const page = await postForm(server.url, '/nojs/status?lang=en', { code: formatCaseCode(code as never) });
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-status="received"');
    const reply = await postForm(server.url, '/nojs/message?lang=en', { code: formatCaseCode(code as never), message: 'still there' });
    expect(reply.html).toContain('still there');
  });

  it('the JSON intake cannot claim to be server-sealed to skip its proof of work', async () => {
    const built = buildSubmission(deployment.policy, { routing: { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }, description: 'x', details: { when: '', where: '', who: '', evidence: '' }, lang: 'en', attachments: 0 });
    const res = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...built.submission, sealedBy: 'server' }) });
    expect(res.status).toBe(400);
    expect(await db.collection('cases').countDocuments({ caseToken: built.secrets.caseToken })).toBe(0);
  });

  it('"who will be able to read it": the lists buildSubmission seals to, shown before sending; nothing stored', async () => {
    const before = await counts(db);
    const fields = reportFields('Not sent yet.', { mode: 'confidential', name: 'N', contact: 'C', review: '1' });
    const page = await postForm(server.url, '/nojs/report?lang=en', fields);
    expect(page.status).toBe(200);
    const draft = { routing: { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: ['criminal_signs'] }, description: 'x', details: { when: '', where: '', who: '', evidence: '' }, identity: { name: 'N', contact: 'C', note: '' }, lang: 'en', attachments: 0 };
    const browser = buildSubmission(deployment.policy, draft).submission as { wraps: { unitId: string }[]; identity: { wraps: { unitId: string }[] } };
    const names = (ws: { unitId: string }[]) => escapeHtml(ws.map((w) => unitLabel(deployment.policy, w.unitId, 'en')).join('; '));
    expect(page.html).toContain(`<p data-testid="readers-report">Your report: ${names(browser.wraps)}.</p>`);
    expect(page.html).toContain(`<p data-testid="readers-identity">Your name and contact: ${names(browser.identity.wraps)}.</p>`);
    expect(page.html).toContain('>Not sent yet.</textarea>');
    // Retaliation: the notified aca reads a copy only, and the list says so (issue 14 item 3).
    const retaliation = await postForm(server.url, '/nojs/report?lang=en', reportFields('Not sent yet.', { category: 'retaliation', flags: [], review: '1' }));
    expect(retaliation.html).toContain(`${escapeHtml(unitLabel(deployment.policy, 'aca@KZ-75', 'en'))} (read-only copy: informed, does not handle the case)`);
    const incomplete = await postForm(server.url, '/nojs/report?lang=en', { description: 'x', review: '1' });
    expect(incomplete.status).toBe(400);
    expect(incomplete.html).not.toContain('data-testid="readers"');
    expect(await counts(db)).toEqual(before);
  });
});
