import path from 'node:path';
import { spawnLogged, freePort } from '../../support/processes';
import { ROOT } from '../../support/testEnv';

/**
 * Safe defaults (issue 13 item 9): a production start without SERVER_SECRET, or a TLS
 * deployment whose NODE_ENV was left unset, stops with a message; in the API and the workers
 * alike. Real processes: the check runs where the processes read their environment.
 */
const NODE_TS = [process.execPath, '--import', 'tsx'];
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA';

async function start(entry: string, env: Record<string, string | undefined>) {
  const base: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(await freePort()), MONGODB_URI: 'mongodb://127.0.0.1:1/x', REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return spawnLogged(NODE_TS[0], [...NODE_TS.slice(1), entry], base, ROOT);
}

async function exitOf(proc: ReturnType<typeof spawnLogged>) {
  return new Promise<number | null>((resolve) => (proc.child.exitCode !== null ? resolve(proc.child.exitCode) : proc.child.once('exit', resolve)));
}

describe.each(['server/main.ts', 'workers/main.ts'])('%s refuses an unsafe start', (entry) => {
  it('stops when NODE_ENV=production and SERVER_SECRET is missing', async () => {
    const proc = await start(entry, { NODE_ENV: 'production', SERVER_SECRET: undefined });
    expect(await exitOf(proc)).toBe(1);
    expect(proc.output()).toMatch(/Unsafe configuration, not starting:\n\s+SERVER_SECRET is required when NODE_ENV=production/);
  }, 60_000);

  it('stops when NODE_ENV is unset behind TLS (PUBLIC_URL https)', async () => {
    const proc = await start(entry, { NODE_ENV: undefined, SERVER_SECRET: SECRET, PUBLIC_URL: 'https://cc.example.kz' });
    expect(await exitOf(proc)).toBe(1);
    expect(proc.output()).toMatch(/NODE_ENV is unset but PUBLIC_URL is https/);
  }, 60_000);
});

describe('a safe production start still starts', () => {
  it('the API listens with NODE_ENV=production and a SERVER_SECRET (database absent: it keeps trying)', async () => {
    const proc = await start(path.join('server', 'main.ts'), { NODE_ENV: 'production', SERVER_SECRET: SECRET, PUBLIC_URL: 'https://cc.example.kz' });
    try {
      await proc.waitFor('READY http://', 60_000);
      expect(proc.output()).not.toMatch(/Unsafe configuration/);
    } finally {
      await proc.stop('SIGKILL');
    }
  }, 90_000);
});
