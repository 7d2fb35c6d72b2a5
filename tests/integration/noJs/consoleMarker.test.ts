import { deriveCaseSecrets } from '../../../core/crypto';
import { routeCase } from '../../../core/routing';
import { consoleFetch } from '../../support/consoleFactory';
import { startConsoleServer, type ConsoleTestServer } from '../console/consoleServer';
import { codeOnPage, postForm, reportFields } from './noJsHttp';

/** Investigators see which cases the server sealed (the no-JS form) and which the browser did. */
describe('console: the "sealed by the server" marker', () => {
  let t: ConsoleTestServer;
  afterAll(async () => t?.stop());

  it('a no-JS case reads sealedBy "server"; a browser-sealed case reads "browser"', async () => {
    t = await startConsoleServer('nojs_console');
    const routing = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: ['criminal_signs'] };
    const unitId = routeCase(t.deployment.policy, routing).primaryUnit;
    const code = codeOnPage((await postForm(t.server.url, '/nojs/report?lang=en', reportFields('Sealed on the server.'))).html);
    const { caseToken } = deriveCaseSecrets(code, t.deployment.policy.deploymentSalt);
    // As the route worker leaves it (no worker runs here).
    await t.db.collection('cases').updateOne({ caseToken }, { $set: { routeState: 'routed', unitId, chain: [] } });
    const serverSealed = (await t.db.collection('cases').findOne({ caseToken }))!;
    const browserSealed = await t.factory.routedCase(routing as never, { unitId });

    const member = await t.factory.account();
    await t.factory.member(member, unitId);
    const cookie = await t.factory.session(member);
    const a = await consoleFetch(t.server.url, `/api/console/cases/${serverSealed._id}`, { cookie });
    expect(a.status).toBe(200);
    expect(a.body.sealedBy).toBe('server');
    const b = await consoleFetch(t.server.url, `/api/console/cases/${browserSealed.id}`, { cookie });
    expect(b.status).toBe(200);
    expect(b.body.sealedBy).toBe('browser');
  });
});
