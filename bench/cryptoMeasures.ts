/**
 * Crypto measurements shared by bench/crypto.bench.ts (Node) and the Chromium bench
 * (tests/vectors/browser exposes them as window.benchCrypto). Browser-safe: no node: imports.
 * Prints nothing and asserts nothing; callers format the figures.
 */
import {
  ARGON2ID,
  type CaseToken,
  type Dek,
  cryptoReady,
  decryptAttachment,
  encryptAttachment,
  generateBoxKeyPair,
  openReportBody,
  sealReportBody,
  wrapDekForUnit,
} from '../core/crypto';
import { STREAM_TAG, lib } from '../core/crypto/backend';
import { argon2id } from '../core/crypto/kdf';

export interface CryptoFigures {
  argon2idInteractiveMs: number;
  argon2idModerateMs: number;
  seal4KiBPerSecond: number;
  open4KiBPerSecond: number;
  fileEncryptMiBPerSecond: number;
  fileDecryptMiBPerSecond: number;
  fileMiB: number;
}

const now = () => performance.now();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timeArgon(cost: { opsLimit: number; memLimit: number }, runs: number): number {
  const salt = new Uint8Array(16).fill(1);
  const password = new TextEncoder().encode('VW0CFDBE7MT6WDEZD');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    argon2id(password, salt, cost);
    times.push(now() - start);
  }
  return median(times);
}

function opsPerSecond(fn: () => void, milliseconds: number): number {
  let count = 0;
  const start = now();
  while (now() - start < milliseconds) {
    for (let i = 0; i < 50; i++) fn();
    count += 50;
  }
  return count / ((now() - start) / 1000);
}

/** A stream of `total` bytes in 64 KiB pieces, made on the fly (no giant buffer). */
function syntheticFile(total: number): ReadableStream<Uint8Array> {
  const piece = new Uint8Array(64 * 1024).map((_, i) => i % 251);
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(piece.length, total - sent);
      controller.enqueue(piece.slice(0, size));
      sent += size;
    },
  });
}

async function drain(stream: ReadableStream<Uint8Array>, keep?: Uint8Array[]): Promise<number> {
  const reader = stream.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.length;
    keep?.push(value);
  }
}

function streamOf(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i >= parts.length) return controller.close();
      controller.enqueue(parts[i++]);
    },
  });
}

/** Runs every measurement; `fileMiB` sets the attachment size (default 64 MiB). */
export async function measureCrypto(options: { fileMiB?: number; argonRuns?: number } = {}): Promise<CryptoFigures> {
  await cryptoReady();
  const fileMiB = options.fileMiB ?? 64;
  const argonRuns = options.argonRuns ?? 3;
  const argon2idInteractiveMs = timeArgon(ARGON2ID.INTERACTIVE, argonRuns);
  const argon2idModerateMs = timeArgon(ARGON2ID.MODERATE, Math.max(1, Math.min(argonRuns, 2)));

  const dek = new Uint8Array(32).fill(7) as Dek;
  const caseToken = 'bench-case-token' as CaseToken;
  const body = new Uint8Array(4000).fill(65); // pads to one 4 KiB block
  const envelope = sealReportBody(dek, caseToken, body);
  const seal4KiBPerSecond = opsPerSecond(() => sealReportBody(dek, caseToken, body), 1000);
  const open4KiBPerSecond = opsPerSecond(() => openReportBody(dek, caseToken, envelope), 1000);

  const total = fileMiB * 1024 * 1024;
  const cipher: Uint8Array[] = [];
  let start = now();
  await drain(encryptAttachment(dek, caseToken, 'bench-file', syntheticFile(total)), cipher);
  const fileEncryptMiBPerSecond = fileMiB / ((now() - start) / 1000);
  start = now();
  const plainBytes = await drain(decryptAttachment(dek, caseToken, 'bench-file', streamOf(cipher)));
  const fileDecryptMiBPerSecond = plainBytes / 1024 / 1024 / ((now() - start) / 1000);

  return { argon2idInteractiveMs, argon2idModerateMs, seal4KiBPerSecond, open4KiBPerSecond, fileEncryptMiBPerSecond, fileDecryptMiBPerSecond, fileMiB };
}

/** The figures that decide whether the "Safer" level (no WebAssembly, no JIT) fits its time budget. */
export interface BackendFigures {
  backend: string;
  argon2idV1Ms: number;
  argon2idV2Ms: number;
  powHashesPerSecond: number;
  aead1MiBMs: number;
  secretstream1MiBMs: number;
  keyPairAndSealMs: number;
}

function timeOnce(fn: () => void): number {
  const start = now();
  fn();
  return now() - start;
}

/** Measures the active backend (call cryptoReady({ backend }) first); `argonRuns` medians the Argon2id figures. */
export function measureBackend(options: { argonRuns?: number; powMs?: number } = {}): BackendFigures {
  const s = lib();
  const runs = options.argonRuns ?? 1;
  const argon2idV1Ms = timeArgon(ARGON2ID.INTERACTIVE, runs);
  const argon2idV2Ms = timeArgon(ARGON2ID.CASE_CODE_V2, Math.max(runs, 3));
  // The proof-of-work hash: BLAKE2b-256 over challenge (32 bytes) || counter (8 bytes).
  const input = new Uint8Array(40);
  const warmUp = now();
  while (now() - warmUp < 300) s.generichash(32, input, null); // let a JIT compile it first, as in a long search
  let hashes = 0;
  const start = now();
  while (now() - start < (options.powMs ?? 2000)) {
    for (let i = 0; i < 64; i++) {
      input[32] = hashes & 0xff;
      s.generichash(32, input, null);
      hashes += 1;
    }
  }
  const powHashesPerSecond = hashes / ((now() - start) / 1000);
  const key = new Uint8Array(32).fill(7);
  const mib = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
  const aead1MiBMs = timeOnce(() => s.aeadEncrypt(mib, new Uint8Array(8), new Uint8Array(24), key));
  const chunk = 64 * 1024;
  const secretstream1MiBMs = timeOnce(() => {
    const { stream } = s.secretStreamPush(key);
    for (let offset = 0; offset < mib.length; offset += chunk) stream.push(mib.subarray(offset, offset + chunk), new Uint8Array(8), offset + chunk >= mib.length ? STREAM_TAG.FINAL : STREAM_TAG.MESSAGE);
  });
  const sealRuns = 5;
  const keyPairAndSealMs =
    timeOnce(() => {
      for (let i = 0; i < sealRuns; i++) wrapDekForUnit(key as Dek, generateBoxKeyPair().publicKey);
    }) / sealRuns;
  return { backend: s.name, argon2idV1Ms, argon2idV2Ms, powHashesPerSecond, aead1MiBMs, secretstream1MiBMs, keyPairAndSealMs };
}

/** The figures as aligned lines for a terminal. */
export function formatBackendFigures(title: string, f: BackendFigures): string {
  const pow16 = 2 ** 16 / f.powHashesPerSecond;
  return [
    title,
    `  Argon2id case code v1 (2 passes, 64 MiB)    ${f.argon2idV1Ms.toFixed(0).padStart(7)} ms`,
    `  Argon2id case code v2 (1 pass, 8 MiB)       ${f.argon2idV2Ms.toFixed(0).padStart(7)} ms`,
    `  proof of work, BLAKE2b-256 of 40 bytes      ${f.powHashesPerSecond.toFixed(0).padStart(7)} hashes/s (16 bits: ~${pow16.toFixed(1)} s expected)`,
    `  XChaCha20-Poly1305, 1 MiB                   ${f.aead1MiBMs.toFixed(0).padStart(7)} ms`,
    `  secretstream, 1 MiB (16 chunks of 64 KiB)   ${f.secretstream1MiBMs.toFixed(0).padStart(7)} ms`,
    `  X25519 key pair + sealed box                ${f.keyPairAndSealMs.toFixed(1).padStart(7)} ms`,
  ].join('\n');
}
