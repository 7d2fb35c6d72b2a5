import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser';

/**
 * Removes WebAssembly before any page script runs. Playwright's init scripts reach pages and
 * frames, not Web Workers: in workers `--jitless` is what takes WebAssembly away (V8 cannot
 * compile it without a JIT), so detection there has to try, not just look.
 */
export const REMOVE_WEBASSEMBLY = 'delete globalThis.WebAssembly;';

/** Also breaks the browser's random numbers: with both, neither crypto backend can start. */
export const BLOCK_ALL_CRYPTO = `${REMOVE_WEBASSEMBLY}
Object.defineProperty(Crypto.prototype, 'getRandomValues', { value() { throw new Error('blocked by this test'); } });`;

/**
 * The stand-in for Tor Browser's "Safer" level in Chromium (issue 11): V8 without JIT
 * (`--js-flags=--jitless`) and no WebAssembly object on the page.
 */
export async function launchSaferChromium(initScript = REMOVE_WEBASSEMBLY): Promise<BrowserContext> {
  const context = await launchBrowser({ extraArgs: ['--js-flags=--jitless'] });
  await context.addInitScript(initScript);
  return context;
}
