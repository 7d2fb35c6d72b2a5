import { useEffect, useState } from 'preact/hooks';
import { cryptoReady } from '../../core/crypto';

/** 'loading' until core/crypto has chosen its backend (libsodium, or JavaScript without WebAssembly), then 'ready' (or 'failed'). */
export function useSodiumReady() {
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  useEffect(() => {
    cryptoReady().then(() => setState('ready'), () => setState('failed'));
  }, []);
  return state;
}
