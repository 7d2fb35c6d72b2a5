import { useEffect, useState } from 'preact/hooks';
import { startCrypto, type CryptoBackend } from './flow/cryptoStart';

export type CryptoStart = { state: 'loading' } | { state: 'ready'; backend: CryptoBackend } | { state: 'failed' };

/** The page's encryption start as state: loading, then ready (with its backend) or failed. */
export function useCryptoStart(): CryptoStart {
  const [state, setState] = useState<CryptoStart>({ state: 'loading' });
  useEffect(() => {
    startCrypto().then(
      (backend) => setState({ state: 'ready', backend }),
      () => setState({ state: 'failed' }),
    );
  }, []);
  return state;
}
