/**
 * Browser entry for the crypto vectors: the same core/crypto code and JSON file as the Node
 * check, bundled by vite. window.runCryptoVectors() → { checked, failures };
 * window.benchCrypto() → the figures of bench/cryptoMeasures.ts measured in this browser.
 */
import { measureBackend, measureCrypto, type BackendFigures, type CryptoFigures } from '../../../bench/cryptoMeasures';
import { cryptoBackend, cryptoReady } from '../../../core/crypto';
import vectorFile from '../crypto-vectors.json';
import { runVectors, type VectorFile } from '../operations';

declare global {
  interface Window {
    /** `skipOps`: operations left out (the jitless run leaves out the MODERATE Argon2id ones, minutes each there). */
    runCryptoVectors: (options?: { skipOps?: string[] }) => Promise<{ checked: number; total: number; skipped: string[]; failures: string[] }>;
    benchCrypto: (options?: { fileMiB?: number; argonRuns?: number }) => Promise<CryptoFigures>;
    benchBackend: (options?: { argonRuns?: number }) => BackendFigures;
  }
}

window.runCryptoVectors = async (options = {}) => {
  const file = vectorFile as unknown as VectorFile;
  const skip = new Set(options.skipOps ?? []);
  const kept = file.vectors.filter((v) => !skip.has(v.op));
  const { checked, failures } = await runVectors({ ...file, vectors: kept });
  return { checked, total: file.vectors.length, skipped: file.vectors.filter((v) => skip.has(v.op)).map((v) => v.name), failures };
};
window.benchCrypto = (options) => measureCrypto(options);
window.benchBackend = (options) => measureBackend(options);

cryptoReady().then(
  () => {
    document.getElementById('status')!.textContent = `ready: ${cryptoBackend()}`;
    document.body.dataset.backend = cryptoBackend();
    document.body.dataset.crypto = 'ready';
  },
  (error: unknown) => {
    document.getElementById('status')!.textContent = `failed: ${String(error)}`;
    document.body.dataset.crypto = 'failed';
  },
);
