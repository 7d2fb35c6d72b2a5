/// <reference lib="webworker" />
/**
 * Solves a proof-of-work challenge off the main thread, so the page stays responsive and can
 * show progress. Input: { challenge, difficulty }. Output: progress messages, then done/failed.
 */
import { cryptoReady, solvePow, type PowChallenge } from '../../../core/crypto';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<PowChallenge>) => {
  try {
    await cryptoReady();
    const solution = await solvePow(event.data, { onProgress: (attempts) => scope.postMessage({ type: 'progress', attempts }) });
    scope.postMessage({ type: 'done', nonce: solution.nonce, attempts: solution.attempts });
  } catch (error) {
    scope.postMessage({ type: 'failed', message: String(error) });
  }
};
