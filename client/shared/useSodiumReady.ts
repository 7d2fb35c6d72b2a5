import { useEffect, useState } from 'preact/hooks';
import { ready } from '../../core/crypto/sodium';

/** 'loading' until libsodium's WebAssembly is compiled, then 'ready' (or 'failed'). */
export function useSodiumReady() {
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  useEffect(() => {
    ready().then(() => setState('ready'), () => setState('failed'));
  }, []);
  return state;
}
