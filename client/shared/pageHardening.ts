/**
 * Runs first in every page (each entry's first import), before any schema or Worker exists.
 *
 * 1. zod without its JIT: zod probes `new Function("")` to compile fast parsers. The CSP has no
 *    'unsafe-eval', so the probe always failed; under Trusted Types it is also reported as a
 *    blocked 'TrustedScript' assignment on every page load. `jitless` skips the probe.
 * 2. The Trusted Types default policy. The CSP says `require-trusted-types-for 'script';
 *    trusted-types default` (server/middlewares/securityHeaders.ts): every DOM sink that can run
 *    code (innerHTML, script.src, Worker URLs, string timers, eval) refuses a plain string unless
 *    this policy lets it through. It lets through one thing only: script URLs of this origin's
 *    hashed build files (/assets/...), which the reporter's proof-of-work Worker needs. HTML and
 *    script text are refused (no createHTML/createScript), so an injected string never becomes
 *    code. Browsers without Trusted Types skip this part.
 */
import { config } from 'zod';

config({ jitless: true });

type TrustedTypesFactory = { createPolicy: (name: string, rules: { createScriptURL: (url: string) => string }) => unknown };

const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
if (factory) {
  factory.createPolicy('default', {
    createScriptURL: (url: string) => {
      const parsed = new URL(url, location.href);
      if (parsed.origin === location.origin && parsed.pathname.startsWith('/assets/')) return parsed.href;
      throw new TypeError('Trusted Types: script URL refused');
    },
  });
}
