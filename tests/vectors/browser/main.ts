/**
 * Browser entry for the crypto vectors: the same core/crypto code and JSON file as the Node
 * check, bundled by vite. window.runCryptoVectors() → { checked, failures };
 * window.benchCrypto() → the figures of bench/cryptoMeasures.ts measured in this browser.
 */
import { measureCrypto, type CryptoFigures } from '../../../bench/cryptoMeasures';
import { cryptoReady } from '../../../core/crypto';
import vectorFile from '../crypto-vectors.json';
import { runVectors, type VectorFile } from '../operations';

declare global {
  interface Window {
    runCryptoVectors: () => Promise<{ checked: number; total: number; failures: string[] }>;
    benchCrypto: (options?: { fileMiB?: number; argonRuns?: number }) => Promise<CryptoFigures>;
  }
}

window.runCryptoVectors = async () => {
  const file = vectorFile as unknown as VectorFile;
  const { checked, failures } = await runVectors(file);
  return { checked, total: file.vectors.length, failures };
};
window.benchCrypto = (options) => measureCrypto(options);

cryptoReady().then(
  () => {
    document.getElementById('status')!.textContent = 'ready';
    document.body.dataset.crypto = 'ready';
  },
  (error: unknown) => {
    document.getElementById('status')!.textContent = `failed: ${String(error)}`;
    document.body.dataset.crypto = 'failed';
  },
);
