import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../support/processes';
import { ROOT, uniqueName } from '../support/testEnv';

/**
 * `npm start` (scripts/start.sh) as an operator's service manager runs it: started, then stopped
 * with SIGTERM sent to the script alone (not to its process group, as Ctrl-C in a terminal does).
 * The API and the workers must stop with it: through `npx tsx` they were wrappers that did not
 * pass SIGTERM on, and both processes kept running after the script had exited.
 * The client build is current here (scripts/test.sh built it), so the script does not rebuild it
 * under the browser tests that serve it (scripts/build-demo-client.sh --if-stale).
 */
describe('scripts/start.sh', () => {
  let script: ChildProcess | undefined;

  afterAll(() => {
    if (script?.exitCode === null) process.kill(script.pid!, 'SIGKILL');
  });

  const children = (pid: number) =>
    execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => ({ pid: Number(line.trim().split(/\s+/)[0]), args: line.trim().split(/\s+/).slice(1).join(' ') }));
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('starts the API and the workers, and SIGTERM to the script stops both', async () => {
    const port = await freePort();
    // A queue prefix of this run, so what the workers leave in Redis is removed with the run's keys.
    script = spawn('bash', ['scripts/start.sh'], { cwd: ROOT, env: { ...process.env, PORT: String(port), QUEUE_PREFIX: uniqueName('startsh') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    script.stdout!.on('data', (d) => (output += d));
    script.stderr!.on('data', (d) => (output += d));
    const started = Date.now();
    while (!output.includes('Walkthrough') && script.exitCode === null && Date.now() - started < 150_000) await new Promise((r) => setTimeout(r, 250));
    expect(output).toContain(`Reporter portal:      http://127.0.0.1:${port}/`);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const processes = children(script.pid!).filter((c) => /server\/main\.ts|workers\/main\.ts/.test(c.args));
    expect(processes.map((p) => p.args).sort()).toEqual(['node --import tsx server/main.ts', 'node --import tsx workers/main.ts']);

    const exited = new Promise<number | null>((resolve) => script!.once('exit', (code) => resolve(code)));
    process.kill(script.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    // The script waited for both: neither outlives it, and the port is closed.
    expect(processes.filter((p) => alive(p.pid))).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 200_000);
});
