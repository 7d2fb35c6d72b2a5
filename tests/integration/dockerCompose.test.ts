import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnv, unsafeStartProblems } from '../../server/config/env';
import { readEnvFile } from '../../keys/commands/deployInit';
import { composeConfig, runDeployInit, type ComposeConfig, type DeployInitOutput } from '../support/composeEnv';
import { createTestDeployment } from '../support/deployment';
import { ROOT } from '../support/testEnv';

/**
 * The variables a production API or worker process cannot run without: what server/config/env.ts
 * refuses to start without under NODE_ENV=production (read from its own errors, so a new
 * requirement there is picked up here), plus what server/main.ts needs to serve a policy at all
 * (without both, the portal answers 503 no_policy).
 */
function requiredInProduction(): string[] {
  const names = new Set(['ROOT_PUBLIC_KEY', 'POLICY_FILE']);
  try {
    parseEnv({ NODE_ENV: 'production' });
  } catch (err) {
    for (const m of (err as Error).message.matchAll(/^\s+([A-Z_]+): /gm)) names.add(m[1]);
  }
  const minimal = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://x:1/y', REDIS_URL: 'redis://x:1', PUBLIC_URL: 'https://x.example', CONSOLE_URL: 'https://x.example/console' } as NodeJS.ProcessEnv;
  for (const problem of unsafeStartProblems(parseEnv(minimal), minimal)) {
    for (const m of problem.matchAll(/\b([A-Z][A-Z0-9]*_[A-Z0-9_]+) is required/g)) names.add(m[1]);
  }
  return [...names].sort();
}

/** No Docker engine runs here; Debian's docker-compose v1.29 still validates and resolves the file offline. */
describe('docker-compose.yml (the production stack)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-compose-'));
  let init: DeployInitOutput;
  let config: ComposeConfig;
  let deployment: Awaited<ReturnType<typeof createTestDeployment>>;

  beforeAll(async () => {
    deployment = await createTestDeployment();
    init = runDeployInit(dir, deployment);
    config = composeConfig(init.composeEnv);
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses to resolve before deploy-init, with a message that says to run it', () => {
    const empty = path.join(dir, 'empty.env');
    fs.writeFileSync(empty, '');
    const result = spawnSync('docker-compose', ['--env-file', empty, '-f', 'docker-compose.yml', 'config', '-q'], { cwd: ROOT });
    expect(result.status).not.toBe(0);
    expect(result.stderr.toString()).toContain('deploy-init');
  });

  it('is valid after deploy-init, whose outputs have the right modes and keep SERVER_SECRET on a re-run', async () => {
    expect(() => execFileSync('docker-compose', ['--env-file', init.composeEnv, '-f', 'docker-compose.yml', 'config', '-q'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
    expect(fs.statSync(init.serverEnv).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(init.runtimeDir, 'policy.signed.json')).mode & 0o777).toBe(0o644);
    const secret = readEnvFile(init.serverEnv).SERVER_SECRET;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    runDeployInit(dir, deployment);
    expect(readEnvFile(init.serverEnv).SERVER_SECRET).toBe(secret);
    // A policy that the given root key did not sign is refused, and the runtime files stay.
    const other = await createTestDeployment();
    const before = fs.readFileSync(path.join(init.runtimeDir, 'policy.signed.json'), 'utf8');
    expect(() => runDeployInit(dir, { rootPublicKey: other.rootPublicKey, policyFile: deployment.policyFile })).toThrow();
    expect(fs.readFileSync(path.join(init.runtimeDir, 'policy.signed.json'), 'utf8')).toBe(before);
  }, 60_000);

  it('gives the server and the workers every variable production requires, and a configuration that starts', () => {
    const required = requiredInProduction();
    expect(required).toEqual(expect.arrayContaining(['MONGODB_URI', 'REDIS_URL', 'SERVER_SECRET', 'ROOT_PUBLIC_KEY', 'POLICY_FILE']));
    for (const name of ['server', 'workers']) {
      const environment = config.services[name].environment ?? {};
      expect({ service: name, missing: required.filter((v) => !environment[v]) }).toEqual({ service: name, missing: [] });
      expect(environment.NODE_ENV).toBe('production');
      const env = parseEnv(environment);
      expect(unsafeStartProblems(env, environment)).toEqual([]);
      expect(env.SERVER_SECRET).toBe(readEnvFile(init.serverEnv).SERVER_SECRET);
      expect(env.ROOT_PUBLIC_KEY).toBe(deployment.rootPublicKey);
      expect(env.PUBLIC_URL).toBe('https://report.example.kz');
      // The policy file is the verified copy deploy-init wrote, mounted read-only where POLICY_FILE points.
      expect(config.services[name].volumes).toContain(`${path.join(init.runtimeDir, 'policy.signed.json')}:${env.POLICY_FILE}:ro`);
    }
  });

  it('builds no secret into the image: only public values (root key, policy version floor) are build arguments; the runtime files stay out of the build context', () => {
    const args = { CC_ROOT_PUBLIC_KEY: deployment.rootPublicKey, CC_MIN_POLICY_VERSION: String(deployment.policy.version) };
    for (const name of ['server', 'workers']) expect(config.services[name].build?.args).toEqual(args);
    const ignored = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['deploy/runtime', '.env', '.data']));
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).not.toMatch(/SERVER_SECRET/);
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
  });

  it('names mongo:7 and redis:7, Caddy in front, and a Tor onion service on the API port', () => {
    expect(config.services.mongo.image).toBe('mongo:7');
    expect(config.services.redis.image).toBe('redis:7');
    expect(config.services.caddy.image).toBe('caddy:2');
    expect(config.services.caddy.volumes).toContain(`${path.join(ROOT, 'deploy/Caddyfile')}:/etc/caddy/Caddyfile:ro`);
    expect(config.services.tor.build?.context).toBe(path.join(ROOT, 'deploy/tor'));
    expect(config.services.tor.network_mode).toBe('service:server');
    const apiPort = config.services.server.environment!.PORT;
    const torrc = fs.readFileSync(path.join(ROOT, 'deploy/tor/torrc'), 'utf8');
    expect(torrc).toMatch(new RegExp(`^HiddenServicePort 80 127\\.0\\.0\\.1:${apiPort}$`, 'm'));
    expect(fs.readFileSync(path.join(ROOT, 'deploy/Caddyfile'), 'utf8')).toMatch(new RegExp(`reverse_proxy server:${apiPort}\\b`));
  });

  // Debian's caddy and tor check their own configuration files (apt-get install caddy tor).
  const hasCaddy = spawnSync('caddy', ['version']).status === 0;
  (hasCaddy ? it : it.skip)('Caddyfile: valid, TLS for the domain, no access log, no client address passed on, no compression', () => {
    const adapted = execFileSync('caddy', ['adapt', '--config', 'deploy/Caddyfile', '--adapter', 'caddyfile'], { cwd: ROOT, env: { ...process.env, CC_DOMAIN: 'report.example.kz' }, stdio: 'pipe' }).toString();
    const json = JSON.parse(adapted);
    const server = json.apps.http.servers.srv0;
    expect(server.listen).toEqual([':443']);
    expect(server.routes[0].match[0].host).toEqual(['report.example.kz']);
    expect(adapted).not.toContain('"logs"');
    expect(adapted).not.toContain('"encode"');
    expect(adapted).toContain('"delete":["X-Forwarded-For","X-Real-Ip"]');
  });

  const hasTor = spawnSync('tor', ['--version']).status === 0;
  (hasTor ? it : it.skip)('torrc: tor accepts it', () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-tor-'));
    fs.chmodSync(data, 0o700);
    const torrc = path.join(data, 'torrc');
    fs.writeFileSync(torrc, fs.readFileSync(path.join(ROOT, 'deploy/tor/torrc'), 'utf8').replaceAll('/var/lib/tor', data));
    const result = spawnSync('tor', ['--verify-config', '-f', torrc]);
    fs.rmSync(data, { recursive: true, force: true });
    expect(result.stdout.toString()).toContain('Configuration was valid');
  });

  it('fails validation for a broken file (the check can fail)', () => {
    const broken = path.join(dir, 'broken-compose.yml');
    fs.writeFileSync(broken, 'version: "3.8"\nservices:\n  x:\n    image: [unclosed\n');
    expect(() => execFileSync('docker-compose', ['-f', broken, 'config', '-q'], { cwd: ROOT, stdio: 'pipe' })).toThrow();
  });
});
