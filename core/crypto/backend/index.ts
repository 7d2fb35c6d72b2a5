/**
 * Chooses the crypto backend once: libsodium (WebAssembly) when it starts, otherwise the
 * JavaScript backend (no WebAssembly global, or libsodium refuses to start). Both give the
 * same bytes; only speed differs (docs/crypto.md §Backends).
 */
import { CryptoError } from '../errors';
import { javascriptBackend } from './javascript';
import { loadLibsodium } from './libsodium';
import type { BackendName, CryptoBackend } from './types';

export type { BackendName, CryptoBackend, SecretStream } from './types';
export { STREAM_TAG } from './types';

/** Options of cryptoReady; `backend` is FOR TESTS AND BENCHMARKS (forces one implementation). */
export interface ReadyOptions {
  backend?: BackendName;
}

let active: CryptoBackend | undefined;
let detecting: Promise<CryptoBackend> | undefined;

/** Loads one named backend (tests compare the two side by side with this). */
export async function loadBackend(name: BackendName): Promise<CryptoBackend> {
  return name === 'libsodium' ? loadLibsodium() : javascriptBackend();
}

async function detect(): Promise<CryptoBackend> {
  try {
    return await loadLibsodium();
  } catch {
    return javascriptBackend();
  }
}

/**
 * Resolves once every synchronous crypto function may be called. The first call picks the
 * backend by feature detection and keeps it. `{ backend }` replaces the choice (tests, benchmarks).
 */
export async function ready(options: ReadyOptions = {}): Promise<CryptoBackend> {
  if (options.backend) {
    active = await loadBackend(options.backend);
    return active;
  }
  if (active) return active;
  detecting ??= detect();
  active ??= await detecting;
  return active;
}

/** The chosen backend, or a clear error when `await cryptoReady()` was forgotten. */
export function lib(): CryptoBackend {
  if (!active) throw new CryptoError('not_ready', 'core/crypto: await cryptoReady() before calling crypto functions');
  return active;
}

/** Which backend runs: 'javascript' means no WebAssembly (slower; the UI may say so), null before cryptoReady. */
export function activeBackendName(): BackendName | null {
  return active?.name ?? null;
}
