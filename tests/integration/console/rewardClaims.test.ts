/**
 * Reward claims (issue 14 item 5): the reporter signs a statement with the key the case code
 * derives; investigators verify it in the console against the key stored with the case; the
 * claim appears in the case timeline and grants nothing. Real API process, FerretDB, Redis.
 */
import { caseSecretsFromMaster, cryptoReady, signRewardClaim, toB64u } from '../../../core/crypto';
import type { RoutingMetadata } from '../../../core/routing';
import { caseIdForToken } from '../../../server/infra/ids';
import { consoleFetch, type FactoryAccount } from '../../support/consoleFactory';
import { buildReport, caseAuthHeader, readStatus, submit } from '../../support/reporterClient';
import { startConsoleServer, type ConsoleTestServer } from './consoleServer';

jest.setTimeout(180_000);

const BRIBERY: RoutingMetadata = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] };

describe('reward claims: proof of authorship without the code', () => {
  let t: ConsoleTestServer;
  let url: string;
  let member: FactoryAccount;
  let outsider: FactoryAccount;
  const cookies: Record<string, string> = {};
  const as = (who: string, path: string, options: { method?: string; body?: unknown } = {}) => consoleFetch(url, path, { ...options, cookie: cookies[who] });
  const sendAsReporter = (secrets: Parameters<typeof caseAuthHeader>[0], claim: unknown) =>
    fetch(`${url}/api/reports/reward-claims`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: caseAuthHeader(secrets) }, body: JSON.stringify({ claim }) }).then(async (r) => ({ status: r.status, body: await r.json() }));

  beforeAll(async () => {
    await cryptoReady();
    t = await startConsoleServer('console_claims');
    url = t.server.url;
    member = await t.factory.account();
    outsider = await t.factory.account();
    await t.factory.member(member, 'aca@KZ-75');
    await t.factory.member(outsider, 'aca@KZ-71');
    cookies.member = await t.factory.session(member);
    cookies.outsider = await t.factory.session(outsider);
  });
  afterAll(async () => t?.stop());

  it('a submitted case stores the signing key; the console verifies a claim, records it once in the timeline, and the reporter sees it', async () => {
    const report = buildReport(t.deployment, BRIBERY, 'report for a reward', { fast: true });
    // As core/submission/buildSubmission.ts sends it from the browser and the no-JavaScript form.
    report.submission.reporterSigningKey = toB64u(report.secrets.reporterSigningKeyPair.publicKey);
    expect((await submit(url, report)).status).toBe(201);
    const caseId = (await t.db.collection('caseKeys').findOne({ _id: caseIdForToken(report.secrets.caseToken) as never }))!.caseId as string;
    const stored = await t.db.collection('cases').findOne({ _id: caseId as never });
    expect(stored!.reporterSigningKey).toBe(toB64u(report.secrets.reporterSigningKeyPair.publicKey));
    // Routed as the worker would, to the member's unit.
    await t.db.collection('cases').updateOne({ _id: caseId as never }, { $set: { unitId: 'aca@KZ-75', routeState: 'routed', status: 'closed', outcome: 'referred' } });
    await t.factory.caseChanged(caseId);

    const claim = signRewardClaim(report.secrets.reporterSigningKeyPair, { deploymentId: t.deployment.policy.deploymentId, date: '2027-06-01', claimant: 'ИИН 900101300123' });
    // Anyone in the console can check a claim; only the case's unit learns the case id.
    const byOutsider = await as('outsider', '/api/console/cases/reward-claims/verify', { method: 'POST', body: { claim } });
    expect(byOutsider.body).toMatchObject({ valid: true, found: true, unitId: 'aca@KZ-75', caseId: null });
    const byMember = await as('member', '/api/console/cases/reward-claims/verify', { method: 'POST', body: { claim } });
    expect(byMember.body).toMatchObject({ valid: true, found: true, caseId, claimant: 'ИИН 900101300123' });

    const recorded = await as('member', `/api/console/cases/${caseId}/reward-claims`, { method: 'POST', body: { claim } });
    expect(recorded.status).toBe(201);
    expect((await as('member', `/api/console/cases/${caseId}/reward-claims`, { method: 'POST', body: { claim } })).status).toBe(201);
    const after = await t.db.collection('cases').findOne({ _id: caseId as never });
    expect(after!.timeline.filter((e: { kind: string }) => e.kind === 'reward_claim')).toHaveLength(1);
    // The claimant's name or IIN is never stored: only a fingerprint in the audit.
    expect(JSON.stringify(after)).not.toContain('900101300123');
    expect(JSON.stringify(await t.db.collection('auditevents').find({ scope: `case:${caseId}` }).toArray())).not.toContain('900101300123');
    const status = await readStatus(url, report.secrets);
    expect(status.body.timeline.map((e: { kind: string }) => e.kind)).toContain('reward_claim');

    // A changed claim, another case's claim, another deployment: refused, nothing changes.
    const tampered = await as('member', `/api/console/cases/${caseId}/reward-claims`, { method: 'POST', body: { claim: { ...claim, statement: { ...claim.statement, claimant: 'Someone else' } } } });
    expect([tampered.status, tampered.body.error.code]).toEqual([400, 'claim_invalid']);
    const otherKey = caseSecretsFromMaster(new Uint8Array(32).fill(1)).reporterSigningKeyPair;
    const foreign = signRewardClaim(otherKey, { deploymentId: t.deployment.policy.deploymentId, date: '2027-06-01', claimant: '' });
    expect((await as('member', `/api/console/cases/${caseId}/reward-claims`, { method: 'POST', body: { claim: foreign } })).body.error.code).toBe('claim_other_case');
    const elsewhere = signRewardClaim(report.secrets.reporterSigningKeyPair, { deploymentId: 'other-deployment', date: '2027-06-01', claimant: '' });
    expect((await as('member', `/api/console/cases/${caseId}/reward-claims`, { method: 'POST', body: { claim: elsewhere } })).body.error.code).toBe('claim_wrong_deployment');
    expect((await t.db.collection('cases').findOne({ _id: caseId as never }))!.timeline).toEqual(after!.timeline);
    // A claim is no credential: it opens no case for someone outside the unit.
    expect((await as('outsider', `/api/console/cases/${caseId}`)).status).toBe(404);
  });

  it('an old case without a signing key registers it with the reporter’s first claim, marked as late', async () => {
    const c = await t.factory.routedCase(BRIBERY, { assigneeId: member.id });
    // The factory writes the token's key document, as the intake does.
    await t.db.collection('caseKeys').updateOne({ _id: caseIdForToken(c.report.submission.caseToken) as never }, { $set: { caseId: c.id } }, { upsert: true });
    expect((await t.db.collection('cases').findOne({ _id: c.id as never }))!.reporterSigningKey).toBeUndefined();
    const claim = signRewardClaim(c.report.secrets.reporterSigningKeyPair, { deploymentId: t.deployment.policy.deploymentId, date: '2027-06-02', claimant: 'A. Reporter' });
    const sent = await sendAsReporter(c.report.secrets, claim);
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({ recorded: true, keyRegisteredLate: true });
    const view = await as('member', `/api/console/cases/${c.id}`);
    expect(view.body).toMatchObject({ reporterSigningKey: claim.publicKey, reporterSigningKeyLate: true });
    // The key is now fixed: a claim by another key is refused.
    const other = signRewardClaim(caseSecretsFromMaster(new Uint8Array(32).fill(2)).reporterSigningKeyPair, { deploymentId: t.deployment.policy.deploymentId, date: '2027-06-02', claimant: '' });
    expect((await sendAsReporter(c.report.secrets, other)).body.error.code).toBe('claim_other_case');
  });
});
