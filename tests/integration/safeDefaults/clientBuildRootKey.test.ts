import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../support/testEnv';

/**
 * Safe defaults (issue 13 item 9): the client build needs an explicit root key. Before, a build
 * without CC_ROOT_PUBLIC_KEY silently pinned the demo deployment's key (public passphrase).
 * A real vite process; the output goes to a temporary folder so client/dist is never touched.
 */
describe('client build without CC_ROOT_PUBLIC_KEY', () => {
  it('stops with a message naming the variable and the demo build', () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-build-'));
    const env = { ...process.env };
    delete env.CC_ROOT_PUBLIC_KEY;
    try {
      const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'client/vite.config.mts', '--outDir', outDir, '--emptyOutDir'], { cwd: ROOT, env, encoding: 'utf8', timeout: 240_000 });
      expect(run.status).not.toBe(0);
      expect(`${run.stdout}${run.stderr}`).toMatch(/CC_ROOT_PUBLIC_KEY is not set[\s\S]*build:client:demo/);
      expect(fs.existsSync(path.join(outDir, 'index.html'))).toBe(false);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 300_000);

  it('refuses a key that is not a base64url Ed25519 public key', () => {
    const env = { ...process.env, CC_ROOT_PUBLIC_KEY: 'not-a-key' };
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'client/vite.config.mts', '--outDir', path.join(os.tmpdir(), 'cc-build-never')], { cwd: ROOT, env, encoding: 'utf8', timeout: 240_000 });
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toMatch(/must be a base64url Ed25519 public key/);
  }, 300_000);
});
