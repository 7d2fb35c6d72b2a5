import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './testEnv';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** What `keys deploy-init` wrote for a test: the runtime folder and compose's variable file. */
export type DeployInitOutput = { runtimeDir: string; composeEnv: string; serverEnv: string; stdout: string };

/** Runs the real setup command (`npm run -s keys -- deploy-init`) into a test folder. */
export function runDeployInit(dir: string, custodian: { rootPublicKey: string; policyFile: string }, domain = 'report.example.kz'): DeployInitOutput {
  const runtimeDir = path.join(dir, 'runtime');
  const composeEnv = path.join(dir, '.env');
  fs.writeFileSync(path.join(dir, 'root.pub'), `${custodian.rootPublicKey}\n`);
  const stdout = execFileSync(TSX, ['keys/cli.ts', 'deploy-init', '--policy', custodian.policyFile, '--root', path.join(dir, 'root.pub'), '--out', runtimeDir, '--compose-env', composeEnv, '--domain', domain], { cwd: ROOT, stdio: 'pipe' }).toString();
  return { runtimeDir, composeEnv, serverEnv: path.join(runtimeDir, 'server.env'), stdout };
}

export type ComposeService = {
  environment?: Record<string, string>;
  volumes?: string[];
  build?: { context: string; args?: Record<string, string> };
  ports?: unknown[];
  network_mode?: string;
  image?: string;
  command?: string[];
};
export type ComposeConfig = { services: Record<string, ComposeService> };

/**
 * `docker-compose config` as the engine would get it (variables substituted, env_file merged into
 * `environment`), read as JSON with PyYAML, which docker-compose v1 itself depends on.
 */
export function composeConfig(composeEnv: string): ComposeConfig {
  const yaml = execFileSync('docker-compose', ['--env-file', composeEnv, '-f', 'docker-compose.yml', 'config'], { cwd: ROOT, stdio: 'pipe' });
  const json = execFileSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: yaml });
  return JSON.parse(json.toString()) as ComposeConfig;
}

/**
 * A service's environment for a native run of the same build: exactly compose's values, except
 * what only exists inside the stack — the service host names (the MongoDB and Redis URLs become
 * the local services'), the listen port, and container paths of mounted files (mapped back to
 * the host file compose mounts there).
 */
export function nativeEnvironment(service: ComposeService, local: { mongoUri: string; redisUrl: string; port?: number; queuePrefix?: string }): Record<string, string> {
  const env = { ...(service.environment ?? {}) };
  const mounts = new Map((service.volumes ?? []).map((v) => v.split(':')).filter((p) => p.length >= 2 && p[0].startsWith('/')).map((p) => [p[1], p[0]] as const));
  for (const [name, value] of Object.entries(env)) {
    if (mounts.has(value)) env[name] = mounts.get(value)!;
  }
  env.MONGODB_URI = local.mongoUri;
  env.REDIS_URL = local.redisUrl;
  if (local.queuePrefix) env.QUEUE_PREFIX = local.queuePrefix;
  if (local.port !== undefined && 'PORT' in env) {
    env.PORT = String(local.port);
    env.HOST = '127.0.0.1';
  }
  return env;
}
