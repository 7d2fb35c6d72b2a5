/**
 * Starts the encryption once for the whole page and says which backend runs it. A start is only
 * counted as working after one operation that needs the browser's random numbers has succeeded:
 * a backend that loads but cannot draw randomness is as blocked as one that cannot load.
 */
import * as cryptoFacade from '../../../core/crypto';
import { cryptoReady, newContentId } from '../../../core/crypto';

/** libsodium (WebAssembly), or the pure-JavaScript backend of browsers without WebAssembly (Tor Browser "Safer"). */
export type CryptoBackend = 'libsodium' | 'javascript';

/** Neither backend can run in this browser: its security settings block what encryption needs. */
export class CryptoBlockedError extends Error {
  override name = 'CryptoBlockedError';
}

let started: Promise<CryptoBackend> | undefined;

/** Which backend core/crypto chose; 'libsodium' for a facade that does not say (it had only that one). */
function chosenBackend(): CryptoBackend {
  const facade = cryptoFacade as unknown as { cryptoBackend?: () => CryptoBackend };
  return facade.cryptoBackend ? facade.cryptoBackend() : 'libsodium';
}

/** Resolves with the backend once encryption works here; rejects with CryptoBlockedError when it cannot start at all. */
export function startCrypto(): Promise<CryptoBackend> {
  started ??= (async () => {
    try {
      await cryptoReady();
      newContentId(); // draws random bytes: fails here, not in the middle of a submission
      return chosenBackend();
    } catch (err) {
      throw new CryptoBlockedError(String(err));
    }
  })();
  return started;
}
