import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, watchPage } from '../support/browser';
import { composeConfig, nativeEnvironment, runDeployInit, type ComposeConfig } from '../support/composeEnv';
import { consoleFetch } from '../support/consoleFactory';
import { DEMO_DIR, DEMO_PASSPHRASE, loadDemoDeployment, type DemoDeployment } from '../support/demoDeployment';
import { freePort, spawnLogged, type Spawned } from '../support/processes';
import { REDIS_URL, ROOT, mongoUriFor, uniqueName } from '../support/testEnv';
import { investigatorActivatesAccount, investigatorOpensCase, investigatorReadsInbox, investigatorSignsIn, investigatorSignsOut } from './pages/investigatorConsole';
import { reporterOpensPortal } from './pages/reporterOpensPortal';
import { reporterSubmitsReport } from './pages/reporterSubmitsReport';

const run = promisify(execFile);
const UNIT = 'aca@KZ-75';
const ADMIN_PASSWORD = 'administrator passphrase 1';
const INVESTIGATOR_PASSWORD = 'investigator passphrase 1';

/**
 * The production stack without a container engine (none can pull images here): the built
 * artifacts laid out as the image lays them out (/app: dist/, client/dist/, node_modules), run
 * natively with NODE_ENV=production and exactly the environment `docker-compose config` gives the
 * server and the workers after `keys deploy-init` — except what exists only inside the stack:
 * the MongoDB and Redis addresses (local services), the listen port and queue prefix (a shared
 * test Redis), and the mounted policy file's path (mapped back to the file compose mounts).
 * The first administrator comes from the documented createAdmin command; a browser submits a
 * report and an investigator (invited, granted with the custodian CLI) reads it.
 */
describe('production smoke test: built dist/ and client, compose environment, NODE_ENV=production', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-smoke-'));
  const app = path.join(work, 'app');
  let demo: DemoDeployment;
  let config: ComposeConfig;
  let serverEnv: Record<string, string>;
  let workersEnv: Record<string, string>;
  let server: Spawned;
  let workers: Spawned | undefined;
  let url: string;
  let uri: string;
  const browsers: BrowserContext[] = [];

  beforeAll(async () => {
    // The custodian's outputs: the demo deployment's root key and signed policy (its key
    // directory is needed later for `keys grant`); the setup command turns them into the stack's files.
    demo = await loadDemoDeployment();
    const init = runDeployInit(work, { rootPublicKey: demo.rootPublicKey, policyFile: demo.policyFile }, 'localhost');
    config = composeConfig(init.composeEnv);
    const buildArgs = config.services.server.build!.args!;
    // The image's build stage: `npm run build:client && npm run build:server`, here into /app's layout.
    fs.mkdirSync(path.join(app, 'client'), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
    const clientBuild = run(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '--config', 'client/vite.config.mts', '--outDir', path.join(app, 'client/dist'), '--emptyOutDir'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', ...buildArgs },
    });
    const serverBuild = run(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', path.join(app, 'dist')], { cwd: ROOT });
    await Promise.all([clientBuild, serverBuild]);

    uri = mongoUriFor(uniqueName('smoke'));
    const port = await freePort();
    const queuePrefix = uniqueName('q');
    serverEnv = nativeEnvironment(config.services.server, { mongoUri: uri, redisUrl: REDIS_URL, port, queuePrefix });
    workersEnv = nativeEnvironment(config.services.workers, { mongoUri: uri, redisUrl: REDIS_URL, queuePrefix });
    expect(serverEnv.NODE_ENV).toBe('production');
    expect(serverEnv.POLICY_FILE).toBe(path.join(init.runtimeDir, 'policy.signed.json'));
    // Only the compose environment: nothing inherited from this test process.
    server = spawnLogged(process.execPath, ['dist/server/main.js'], serverEnv, app);
    await server.waitFor('READY http://', 60_000);
    url = `http://127.0.0.1:${port}`;
    workers = spawnLogged(process.execPath, ['dist/workers/main.js'], workersEnv, app);
    await workers.waitFor('WORKERS READY', 60_000);
  }, 600_000);

  afterAll(async () => {
    if (process.env.SHOW_LOGS) console.log(server?.output(), workers?.output());
    for (const b of browsers) await b.close();
    await workers?.stop();
    await server?.stop();
    if (uri) {
      const db = await mongoose.createConnection(uri).asPromise();
      await db.dropDatabase().catch(() => {});
      await db.close();
    }
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('serves the portal with the signed policy, and the client pins the key compose passed', async () => {
    const policy = await fetch(`${url}/api/policy`);
    expect(policy.status).toBe(200);
    const assets = fs.readdirSync(path.join(app, 'client/dist/assets')).filter((f) => f.endsWith('.js'));
    expect(assets.some((f) => fs.readFileSync(path.join(app, 'client/dist/assets', f), 'utf8').includes(demo.rootPublicKey))).toBe(true);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('first administrator from the documented command; a report from the browser is read by an investigator', async () => {
    // docker-compose exec server node dist/server/cli/createAdmin.js --username admin --name "Administrator"
    const created = await run(process.execPath, ['dist/server/cli/createAdmin.js', '--username', 'admin', '--name', 'Administrator'], { cwd: app, env: serverEnv });
    const link = created.stdout.trim();
    expect(link).toMatch(/^https:\/\/localhost\/console#invite=[A-Za-z0-9_-]+$/);
    const adminBrowser = await launchBrowser();
    browsers.push(adminBrowser);
    const adminPage = await adminBrowser.newPage();
    await investigatorActivatesAccount(adminPage, link.replace('https://localhost', url), ADMIN_PASSWORD);
    // Production: the session cookie is Secure (__Host- prefixed); Chromium keeps it on 127.0.0.1.
    const cookie = (await adminBrowser.cookies(`${url}/api/console/auth/me`)).find((c) => c.name.endsWith('cc_console'));
    expect(cookie?.secure).toBe(true);
    const admin = (p: string, method: string, body?: unknown) => consoleFetch(url, `/api/console/admin${p}`, { method, body, cookie: `${cookie!.name}=${cookie!.value}` });

    // The administrator invites an investigator, who activates in another browser.
    const invited = await admin('/accounts', 'POST', { username: 'investigator.one', displayName: 'Investigator One', role: 'investigator' });
    expect(invited.status).toBe(201);
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await browser.newPage();
    const errors = watchPage(page).errors;
    const { totpSecret } = await investigatorActivatesAccount(page, `${url}/console#invite=${invited.body.inviteToken}`, INVESTIGATOR_PASSWORD);

    // Membership, and the unit key from the custodian's CLI (`keys grant`), uploaded by the administrator.
    const accounts = await admin('/accounts', 'GET');
    const person = accounts.body.accounts.find((a: { username: string }) => a.username === 'investigator.one');
    const membership = await admin('/memberships', 'POST', { investigatorId: person.id, unitId: UNIT, role: 'member' });
    expect(membership.status).toBe(201);
    const granted = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['keys/cli.ts', 'grant', '--dir', DEMO_DIR, '--unit', UNIT, '--to', person.boxPublicKey], { cwd: ROOT, env: { ...process.env, CC_KEYS_PASSPHRASE: DEMO_PASSPHRASE } });
    expect((await admin(`/memberships/${membership.body.membershipId}/grants`, 'POST', JSON.parse(granted.stdout))).status).toBe(201);

    // A reporter submits in the browser (proof of work at the production difficulty).
    const reporter = await browser.newPage();
    await reporterOpensPortal(reporter, url, 'en');
    const description = `Production smoke report ${uniqueName('r')}`;
    const code = await reporterSubmitsReport(reporter, { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', description }, 120_000);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}-[0-9A-Z]$/);

    // The investigator signs in again (the new unit key), finds the routed case and reads it.
    await investigatorSignsOut(page);
    await investigatorSignsIn(page, url, 'investigator.one', INVESTIGATOR_PASSWORD, totpSecret, 1);
    let ids: string[] = [];
    for (let i = 0; i < 45 && ids.length === 0; i++) {
      ids = await investigatorReadsInbox(page);
      if (!ids.length) await new Promise((r) => setTimeout(r, 2000));
    }
    expect(ids).toHaveLength(1);
    expect(await investigatorOpensCase(page, ids[0])).toContain(description);
    // The 401s are the signed-out page asking who is signed in (by design); nothing else may fail.
    expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
  }, 600_000);
});
