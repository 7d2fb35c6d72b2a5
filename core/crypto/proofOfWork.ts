import { concatBytes, fromB64u, toB64u } from './encoding';
import { CryptoError, rethrowIfNotReady } from './errors';
import { blake2b, randomBytes } from './kdf';
import { lib } from './backend';

/** A single-use challenge the server hands out before a submission or status lookup. */
export interface PowChallenge {
  /** 32 random bytes, base64url. */
  challenge: string;
  /** Required leading zero bits of BLAKE2b-256(challenge || nonce). */
  difficulty: number;
}

export interface PowSolution {
  /** 8 bytes, base64url: the little-endian counter that met the difficulty. */
  nonce: string;
  attempts: number;
}

export interface SolveOptions {
  /** Called between batches with the number of hashes tried so far. */
  onProgress?: (attempts: number) => void;
  /** Aborting rejects with CryptoError('pow_aborted'). */
  signal?: AbortSignal;
  /** First counter to try (FOR VECTORS AND TESTS; default 0). */
  startCounter?: number;
}

const CHALLENGE_BYTES = 32;
const NONCE_BYTES = 8;
export const MAX_POW_DIFFICULTY = 32;

/** Server side: a new challenge (32 random bytes). */
export function createPowChallenge(difficulty: number): PowChallenge {
  checkDifficulty(difficulty);
  return { challenge: toB64u(randomBytes(CHALLENGE_BYTES)), difficulty };
}

/** Number of leading zero bits of a hash, most significant bit of byte 0 first. */
export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** BLAKE2b-256(challenge || nonce): the proof-of-work hash. */
export function powHash(challengeB64u: string, nonceB64u: string): Uint8Array {
  return blake2b(32, concatBytes(fromB64u(challengeB64u, CHALLENGE_BYTES, 'challenge'), fromB64u(nonceB64u, NONCE_BYTES, 'nonce')));
}

/** Server side: does the nonce meet the challenge's difficulty? Malformed input → false. */
export function verifyPow(challenge: PowChallenge, nonceB64u: string): boolean {
  try {
    checkDifficulty(challenge.difficulty);
    return leadingZeroBits(powHash(challenge.challenge, nonceB64u)) >= challenge.difficulty;
  } catch (error) {
    rethrowIfNotReady(error);
    return false;
  }
}

/**
 * Browser side: tries counters 0, 1, 2, ... (as 8-byte little-endian nonces) until
 * BLAKE2b-256(challenge || nonce) has `difficulty` leading zero bits; yields to the event loop
 * about every 50 ms to report progress and honour the abort signal. Expected 2^difficulty hashes.
 */
export async function solvePow(challenge: PowChallenge, options: SolveOptions = {}): Promise<PowSolution> {
  checkDifficulty(challenge.difficulty);
  const s = lib();
  const input = new Uint8Array(CHALLENGE_BYTES + NONCE_BYTES);
  input.set(fromB64u(challenge.challenge, CHALLENGE_BYTES, 'challenge'));
  const nonce = input.subarray(CHALLENGE_BYTES);
  let counter = options.startCounter ?? 0;
  let attempts = 0;
  for (;;) {
    if (options.signal?.aborted) throw new CryptoError('pow_aborted', 'proof of work aborted');
    const deadline = Date.now() + 50;
    do {
      for (let batch = 0; batch < 256; batch++) {
        writeCounter(nonce, counter);
        attempts += 1;
        if (leadingZeroBits(s.generichash(32, input, null)) >= challenge.difficulty) {
          options.onProgress?.(attempts);
          return { nonce: toB64u(nonce), attempts };
        }
        counter += 1;
      }
    } while (Date.now() < deadline);
    options.onProgress?.(attempts);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

function writeCounter(target: Uint8Array, counter: number): void {
  let value = counter;
  for (let i = 0; i < NONCE_BYTES; i++) {
    target[i] = value % 256;
    value = Math.floor(value / 256);
  }
}

function checkDifficulty(difficulty: number): void {
  if (!Number.isInteger(difficulty) || difficulty < 0 || difficulty > MAX_POW_DIFFICULTY) {
    throw new CryptoError('bad_input', `proof-of-work difficulty must be 0..${MAX_POW_DIFFICULTY}`);
  }
}
