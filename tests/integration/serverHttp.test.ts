import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { startServer, type Spawned } from '../support/processes';
import { MONGODB_URI, REDIS_URL, ROOT, uniqueName, mongoUriFor } from '../support/testEnv';

/** The API process as a client sees it: headers, JSON errors, logs without identifying data. */
describe('API process over HTTP', () => {
  let server: Spawned & { url: string };

  beforeAll(async () => {
    server = await startServer({ MONGODB_URI: mongoUriFor(uniqueName('http')), REDIS_URL, JSON_BODY_LIMIT: '4096' });
  });
  afterAll(async () => {
    await server.stop();
  });

  function expectSecurityHeaders(res: Response) {
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    // Trusted Types for scripts, and no browser feature the app does not use (issue 13 item 9).
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toContain('trusted-types default');
    expect(res.headers.get('permissions-policy')).toMatch(/(^|, )camera=\(\)(,|$)/);
    expect(res.headers.get('permissions-policy')).toMatch(/(^|, )geolocation=\(\)(,|$)/);
    expect(res.headers.get('permissions-policy')).toMatch(/(^|, )microphone=\(\)(,|$)/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  }

  it('answers /healthz and /readyz with security headers', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expectSecurityHeaders(health);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { mongodb: 'up', redis: 'up' } });
    expectSecurityHeaders(ready);
  });

  it('puts the security headers on pages and hashed static files too', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expectSecurityHeaders(page);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toMatch(/\/assets\/.+-[A-Za-z0-9_-]{8}\.js$/);
    const js = await fetch(`${server.url}${asset}`);
    expect(js.status).toBe(200);
    expectSecurityHeaders(js);
    expect(js.headers.get('cache-control')).toContain('immutable');
    // No third-party URL in the built app, apart from XML namespace and JSON-schema names and a library's
    // documentation link inside a warning text (neither is ever fetched; the browser test
    // records every request the pages make).
    // The attachment viewer's pdf.js adds XFA/Adobe XML namespace names and two placeholder bases
    // of its URL parsing (foo.bar, example.com); that page's CSP allows no connection at all.
    const harmless = /^https?:\/\/(www\.w3\.org\/|www\.i18next\.com\/|locize\.com$|json-schema\.org\/|www\.xfa\.org\/schema\/|ns\.adobe\.com\/|foo\.bar$|example\.com$)/;
    const found: string[] = [];
    for (const file of fs.readdirSync(path.join(ROOT, 'client/dist/assets'))) {
      if (!/\.(js|css)$/.test(file)) continue;
      const text = fs.readFileSync(path.join(ROOT, 'client/dist/assets', file), 'utf8');
      for (const url of text.match(/https?:\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)]*/gi) ?? []) if (!harmless.test(url)) found.push(`${file}: ${url}`);
    }
    expect(found).toEqual([]);
  });

  it('serves every script, stylesheet and module preload of every page with a matching integrity hash', async () => {
    for (const page of ['/', '/console', '/stats', '/console/viewer']) {
      const html = await (await fetch(`${server.url}${page}`)).text();
      // Every tag that loads code or style: <script src>, <link rel=stylesheet|modulepreload|preload>.
      const tags = [...html.matchAll(/<script\b[^>]*>|<link\b[^>]*>/gi)].map((m) => m[0]).filter((tag) => /^<script\b[^>]*\bsrc=/i.test(tag) || /\brel="?(stylesheet|modulepreload|preload)\b/i.test(tag));
      expect(tags.filter((tag) => tag.startsWith('<script')).length).toBeGreaterThan(0);
      expect(tags.filter((tag) => /stylesheet/.test(tag)).length).toBeGreaterThan(0);
      // No inline script either (the CSP forbids it; nothing to hash).
      expect(html.match(/<script\b(?![^>]*\bsrc=)[^>]*>/gi) ?? []).toEqual([]);
      for (const tag of tags) {
        const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
        const integrity = /\bintegrity="sha384-([A-Za-z0-9+/=]+)"/.exec(tag)?.[1];
        expect({ page, tag, hasIntegrity: Boolean(url && integrity) }).toEqual({ page, tag, hasIntegrity: true });
        const body = Buffer.from(await (await fetch(`${server.url}${url}`)).arrayBuffer());
        expect({ page, url, sha384: createHash('sha384').update(body).digest('base64') }).toEqual({ page, url, sha384: integrity });
      }
    }
  });

  it('serves the attachment viewer page with a CSP of its own: no network, framed only by the console (issue 13 item 11)', async () => {
    const viewer = await fetch(`${server.url}/console/viewer`);
    expect(viewer.status).toBe(200);
    const csp = viewer.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('wasm-unsafe-eval');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(viewer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(viewer.headers.get('permissions-policy')).toContain('camera=()');
    // Its module scripts load from a sandboxed (opaque-origin) frame: CORS for the public build files.
    const script = /src="(\/assets\/viewer-[^"]+\.js)"/.exec(await viewer.text())?.[1];
    expect((await fetch(`${server.url}${script}`, { headers: { origin: 'null' } })).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('returns JSON errors for unknown routes, malformed JSON and oversized bodies', async () => {
    const missing = await fetch(`${server.url}/api/no-such-thing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    expectSecurityHeaders(missing);

    const malformed = await fetch(`${server.url}/api/anything`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a": ' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('malformed_json');

    const big = await fetch(`${server.url}/api/anything`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(10_000) }) });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('body_too_large');
  });

  it('answers a malformed % escape in a path with a JSON 400, not a 500 (issue 13 item 9)', async () => {
    const bad = '%E0%A4%A';
    // Express decodes a path only to fill a route parameter, so the routes with one that need no session.
    const paths = [`/api/policy/${bad}`, `/api/public/stats/${bad}`];
    const seen: string[] = [];
    for (const p of paths) {
      const res = await fetch(`${server.url}${p}`, { headers: { 'x-cc-console': '1' } });
      const body = await res.text();
      let code = body.slice(0, 60);
      try {
        code = JSON.parse(body).error.code;
      } catch {
        // Not the JSON shape: the raw start of the body shows in the failure.
      }
      seen.push(`${p} ${res.status} ${code}`);
      expectSecurityHeaders(res);
    }
    expect(seen).toEqual(paths.map((p) => `${p} 400 malformed_path`));
    expect(server.output()).not.toContain('unexpected error');
  });

  it('never logs the client address, user agent, query string or body', async () => {
    const agent = 'CanaryAgent/9.9 (zx-ua-7731)';
    const forwarded = '203.0.113.77';
    await fetch(`${server.url}/healthz?secret=zx-query-5521`, { headers: { 'user-agent': agent, 'x-forwarded-for': forwarded, 'x-real-ip': forwarded } });
    await fetch(`${server.url}/api/x?secret=zx-query-5521`, { method: 'POST', headers: { 'user-agent': agent, 'x-forwarded-for': forwarded, 'content-type': 'application/json' }, body: '{"text":"zx-body-8812"' });
    // Both requests logged (the output arrives through a pipe; poll rather than guess a delay).
    for (let i = 0; i < 50 && (server.output().match(/"route":/g) ?? []).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    const logs = server.output();
    expect(logs).toContain('"route":"/healthz"');
    for (const secret of [agent, 'zx-ua-7731', forwarded, '127.0.0.1", "zx-query-5521', 'zx-query-5521', 'zx-body-8812', '::ffff:']) {
      expect(logs).not.toContain(secret);
    }
  });

  it('finishes a request in flight on SIGTERM, then exits 0', async () => {
    const own = await startServer({ MONGODB_URI, REDIS_URL });
    const port = Number(new URL(own.url).port);
    // A request whose body is still arriving when SIGTERM comes: it must still get its answer.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/slow', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '13' } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.write('{"a":');
      setTimeout(() => {
        own.child.kill('SIGTERM');
        setTimeout(() => req.end('"12345"}'), 300);
      }, 200);
    });
    const { status, body } = await answer;
    expect(status).toBe(404);
    expect(JSON.parse(body).error.code).toBe('not_found');
    expect(await own.stop()).toBe(0);
    expect(own.output()).toContain('"msg":"stopped"');
    // Once stopped, nothing listens.
    await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
  });
});
