/**
 * Build, serve and open the vectors page in headless Chromium (Node side). Used by
 * tests/e2e/cryptoVectorsInChromium.test.ts and bench/cryptoBrowser.bench.ts.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../../..');
export const VECTORS_DIST = path.join(ROOT, '.data/vectors-dist');
/** The CSP the real app sends, as far as scripts go: own origin plus WebAssembly compilation. */
export const VECTORS_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";

/** Runs vite's build() in a child process (vite is ESM-only) and returns the output folder. */
export function buildVectorsBundle(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(__dirname, 'build.ts')], { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`vite build failed: ${stderr || stdout || error.message}`));
      else resolve(VECTORS_DIST);
    });
  });
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** A static file server on 127.0.0.1 and a random port, sending the CSP on every response. */
export async function serveDirectory(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const file = path.join(dir, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { 'Content-Security-Policy': VECTORS_CSP }).end('not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': VECTORS_CSP,
      'Cache-Control': 'no-store',
    });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * How to start Chromium. Both together are our stand-in for Tor Browser's "Safer" level.
 * `jitless`: V8 interpreter only (`--js-flags=--jitless`). `noWebAssembly`: `WebAssembly` is
 * deleted by an init script before any page script (`--noexpose_wasm` does not remove it in Chromium).
 */
export interface ChromiumOptions {
  jitless?: boolean;
  noWebAssembly?: boolean;
}

/** Headless Chromium (Debian's, or CHROMIUM_PATH) on the page; collects console errors. */
export async function openInChromium(url: string, options: ChromiumOptions = {}): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-vectors-chromium-'));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: options.jitless ? [...args, '--js-flags=--jitless'] : args,
  });
  if (options.noWebAssembly) await context.addInitScript(() => delete (globalThis as { WebAssembly?: unknown }).WebAssembly);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('body[data-crypto="ready"]', { timeout: 120_000 });
  return {
    page,
    errors,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
