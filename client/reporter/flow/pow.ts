import { solvePow, type PowChallenge } from '../../../core/crypto';
import { reporterApi, type Pow, type PowPurpose } from './api';

/**
 * Estimated completion of a proof of work after `attempts` hashes: the chance of having found
 * a solution by then, 1 − e^(−attempts / 2^difficulty). Honest, since the work is random.
 */
export function powFraction(attempts: number, difficulty: number): number {
  return 1 - Math.exp(-attempts / 2 ** difficulty);
}

function solveInWorker(challenge: PowChallenge, onAttempts: (n: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      // Vite bundles the worker from exactly this expression. The root tsconfig (CommonJS, for
      // tests that import the reporter's flow in Node) rejects import.meta; the browser build does not.
      // @ts-ignore TS1470 under CommonJS only
      worker = new Worker(new URL('./powWorker.ts', import.meta.url), { type: 'module' });
    } catch (err) {
      return reject(err);
    }
    worker.onmessage = (e: MessageEvent<{ type: string; attempts?: number; nonce?: string; message?: string }>) => {
      if (e.data.type === 'progress') onAttempts(e.data.attempts!);
      else {
        worker.terminate();
        if (e.data.type === 'done') resolve(e.data.nonce!);
        else reject(new Error(e.data.message));
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'worker failed'));
    };
    worker.postMessage(challenge);
  });
}

/**
 * Asks the server for a single-use challenge and solves it in a Web Worker, reporting progress
 * (0..1). If this browser cannot start the worker, the same work runs on the page itself.
 */
export async function proofOfWork(purpose: PowPurpose, onProgress: (fraction: number) => void): Promise<Pow> {
  return (await solvedChallenge(purpose, onProgress)).pow;
}

/** Like proofOfWork, with the time until which the server accepts the solution. */
export async function solvedChallenge(purpose: PowPurpose, onProgress: (fraction: number) => void): Promise<{ pow: Pow; expiresAt: number }> {
  const c = await reporterApi.challenge(purpose);
  const challenge = { challenge: c.challenge, difficulty: c.difficulty };
  const onAttempts = (n: number) => onProgress(powFraction(n, c.difficulty));
  onProgress(0);
  let nonce: string;
  try {
    nonce = await solveInWorker(challenge, onAttempts);
  } catch {
    nonce = (await solvePow(challenge, { onProgress: onAttempts })).nonce;
  }
  onProgress(1);
  return { pow: { challengeId: c.challengeId, nonce }, expiresAt: Date.parse(c.expiresAt) };
}
