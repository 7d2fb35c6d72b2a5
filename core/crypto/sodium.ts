import sodium from 'libsodium-wrappers-sumo';
import { CryptoError } from './errors';

/** The libsodium module type; only core/crypto may use it. */
export type Sodium = typeof sodium;

let initialised: Promise<Sodium> | undefined;
let loaded = false;

/**
 * Loads libsodium (sumo: Argon2id lives only there) once and resolves with the module.
 * Every synchronous function of core/crypto requires this to have resolved first.
 */
export function ready(): Promise<Sodium> {
  initialised ??= sodium.ready.then(() => {
    loaded = true;
    return sodium;
  });
  return initialised;
}

/** The initialised module, or a clear error when `await ready()` was forgotten. */
export function lib(): Sodium {
  if (!loaded) throw new CryptoError('not_ready', 'core/crypto: await cryptoReady() before calling crypto functions');
  return sodium;
}
