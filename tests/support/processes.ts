import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FERRETDB_BIN, ROOT } from './testEnv';

/** A child process whose stdout and stderr are kept, for tests that grep logs. */
export type Spawned = {
  child: ChildProcess;
  output: () => string;
  waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<void>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

export function spawnLogged(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Spawned {
  // The full test run records the query shapes of the servers and workers it starts (never of
  // the test code itself, whose checks may scan): scripts/test.sh, scripts/checkIndexUse.ts.
  const shapesDir = process.env.CC_DB_SHAPES_RUN_DIR;
  if (shapesDir) env = { ...env, CC_DB_SHAPES_DIR: shapesDir };
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    waitFor: (text, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (typeof text === 'string' ? out.includes(text) : text.test(out)) return resolve();
          if (child.exitCode !== null) return reject(new Error(`process exited (${child.exitCode}) before "${text}":\n${out}`));
          if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for "${text}":\n${out}`));
          setTimeout(check, 50);
        };
        check();
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`port ${port} did not open`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Processes run as ONE node process (`node --import tsx`), not through the tsx CLI, which is a
 * parent relaying signals to a child: a SIGTERM or SIGKILL must reach the process under test.
 */
const NODE_TS = [process.execPath, '--import', 'tsx'] as const;

/** Starts the API process (server/main.ts) on a free port and waits until it listens. */
export async function startServer(env: Record<string, string>): Promise<Spawned & { url: string }> {
  const port = await freePort();
  const proc = spawnLogged(NODE_TS[0], [...NODE_TS.slice(1), 'server/main.ts'], { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), ...env });
  await proc.waitFor('READY http://');
  return Object.assign(proc, { url: `http://127.0.0.1:${port}` });
}

/** Starts the worker process (workers/main.ts) and waits until its workers run. */
export async function startWorkers(env: Record<string, string>): Promise<Spawned> {
  const proc = spawnLogged(NODE_TS[0], [...NODE_TS.slice(1), 'workers/main.ts'], { ...process.env, NODE_ENV: 'test', ...env });
  await proc.waitFor('WORKERS READY');
  return proc;
}

/** A private redis-server on a free port (for tests that stop and restart it). */
export async function startPrivateRedis(port?: number): Promise<Spawned & { port: number; url: string }> {
  const p = port ?? (await freePort());
  const proc = spawnLogged('redis-server', ['--bind', '127.0.0.1', '--port', String(p), '--save', '', '--appendonly', 'no'], process.env, os.tmpdir());
  await waitForPort(p);
  return Object.assign(proc, { port: p, url: `redis://127.0.0.1:${p}` });
}

/** A private FerretDB on a free port with its own SQLite folder (for restart tests). */
export async function startPrivateFerret(dataDir?: string, port?: number): Promise<Spawned & { port: number; dataDir: string; uri: string }> {
  const p = port ?? (await freePort());
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ferret-'));
  const proc = spawnLogged(
    FERRETDB_BIN,
    ['--handler=sqlite', `--sqlite-url=file:${dir}/`, `--state-dir=${dir}`, `--listen-addr=127.0.0.1:${p}`, '--debug-addr=-', '--telemetry=disable', '--log-level=WARN'],
    process.env,
    dir,
  );
  await waitForPort(p);
  return Object.assign(proc, { port: p, dataDir: dir, uri: `mongodb://127.0.0.1:${p}/cc_test` });
}
