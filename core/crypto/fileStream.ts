import { associatedData } from './aead';
import { concatBytes } from './encoding';
import { dekSubkey } from './envelope';
import { CryptoError } from './errors';
import { STREAM_TAG, lib, type SecretStream } from './backend';
import type { CaseToken, Dek } from './types';

/*
 * Attachment format (docs/crypto.md §Attachments):
 *   "ccf" 0x01 (4 bytes) || secretstream header (24) || N × (64 KiB + 17) ciphertext chunks.
 * The plaintext is the file, one 0x80 byte, then zeros up to paddedAttachmentSize(); every
 * chunk carries exactly 64 KiB. The chunk holding the 0x80 marker is tagged PUSH (FINAL if it
 * is the last), zero chunks after it MESSAGE, the very last chunk FINAL. So the ciphertext
 * length depends only on the size bucket, and decryption can stream the content out.
 */

export const ATTACHMENT_MAGIC = new Uint8Array([0x63, 0x63, 0x66, 0x01]);
export const ATTACHMENT_CHUNK = 64 * 1024;
const ABYTES = 17;
const HEADER_BYTES = 24;
const CIPHER_CHUNK = ATTACHMENT_CHUNK + ABYTES;
const PREFIX_BYTES = ATTACHMENT_MAGIC.length + HEADER_BYTES;
const MIN_BUCKET = 256 * 1024;

/**
 * Size bucket of a file of `plainSize` bytes: n = size + 1 (the marker); n ≤ 256 KiB → 256 KiB,
 * else n rounded up to a multiple of 2^(floor(log2(n−1)) − 2): four sizes per doubling, under
 * 25 % overhead, always whole 64 KiB chunks.
 */
export function paddedAttachmentSize(plainSize: number): number {
  if (!Number.isSafeInteger(plainSize) || plainSize < 0) throw new CryptoError('bad_input', 'file size must be a non-negative integer');
  const n = plainSize + 1;
  if (n <= MIN_BUCKET) return MIN_BUCKET;
  let power = MIN_BUCKET;
  while (power * 2 <= n - 1) power *= 2;
  const step = power / 4;
  return Math.ceil(n / step) * step;
}

/** Bytes stored for a file of `plainSize` bytes. */
export function encryptedAttachmentSize(plainSize: number): number {
  return PREFIX_BYTES + (paddedAttachmentSize(plainSize) / ATTACHMENT_CHUNK) * CIPHER_CHUNK;
}

/** Server-side shape check of a stored attachment (size and first bytes); null when plausible. */
export function attachmentShapeProblem(size: number, firstBytes?: Uint8Array): string | null {
  if (!Number.isSafeInteger(size) || size < PREFIX_BYTES + 4 * CIPHER_CHUNK) return 'too_small';
  if ((size - PREFIX_BYTES) % CIPHER_CHUNK !== 0) return 'not_whole_chunks';
  const plain = ((size - PREFIX_BYTES) / CIPHER_CHUNK) * ATTACHMENT_CHUNK;
  if (paddedAttachmentSize(plain - 1) !== plain) return 'not_a_size_bucket';
  if (firstBytes && ATTACHMENT_MAGIC.some((b, i) => firstBytes[i] !== b)) return 'bad_magic';
  return null;
}

const fileAd = (caseToken: CaseToken, fileId: string) => {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(fileId)) throw new CryptoError('bad_input', 'fileId must be 1..128 base64url characters');
  return associatedData(['file-data', caseToken, fileId]);
};

/** Splits plaintext into 64 KiB chunks and seals them; padding and tags per the format above. */
class AttachmentSealer {
  private readonly state: SecretStream;
  private readonly buffer = new Uint8Array(ATTACHMENT_CHUNK);
  private filled = 0;
  private total = 0;
  private chunks = 0;
  readonly prefix: Uint8Array;

  constructor(
    key: Uint8Array,
    private readonly ad: Uint8Array,
    header?: Uint8Array,
  ) {
    if (header && header.length !== HEADER_BYTES) throw new CryptoError('bad_input', 'header must be 24 bytes');
    const pushed = lib().secretStreamPush(key, header);
    this.state = pushed.stream;
    this.prefix = concatBytes(ATTACHMENT_MAGIC, pushed.header);
  }

  write(data: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let offset = 0;
    while (offset < data.length) {
      const take = Math.min(ATTACHMENT_CHUNK - this.filled, data.length - offset);
      this.buffer.set(data.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === ATTACHMENT_CHUNK) out.push(this.seal(STREAM_TAG.MESSAGE));
    }
    this.total += data.length;
    return out;
  }

  *finish(): Generator<Uint8Array> {
    const count = paddedAttachmentSize(this.total) / ATTACHMENT_CHUNK;
    const { FINAL, PUSH, MESSAGE } = STREAM_TAG;
    this.buffer.fill(0, this.filled);
    this.buffer[this.filled] = 0x80;
    yield this.seal(this.chunks + 1 === count ? FINAL : PUSH);
    this.buffer.fill(0);
    while (this.chunks < count) yield this.seal(this.chunks + 1 === count ? FINAL : MESSAGE);
  }

  private seal(tag: number): Uint8Array {
    this.filled = 0;
    this.chunks += 1;
    return this.state.push(this.buffer, this.ad, tag);
  }
}

/** Reassembles 64 KiB + 17 ciphertext chunks, opens them in order and strips the padding. */
class AttachmentOpener {
  private state: SecretStream | undefined;
  private pieces: Uint8Array[] = [];
  private pendingLength = 0;
  private phase: 'content' | 'padding' | 'done' = 'content';
  private chunks = 0;
  private content = 0;

  constructor(
    private readonly key: Uint8Array,
    private readonly ad: Uint8Array,
  ) {}

  write(data: Uint8Array): Uint8Array[] {
    if (data.length === 0) return [];
    if (this.phase === 'done') throw new CryptoError('stream_trailing_data', 'data after the final chunk');
    this.pieces.push(data.slice());
    this.pendingLength += data.length;
    const out: Uint8Array[] = [];
    if (!this.state) {
      if (this.pendingLength < PREFIX_BYTES) return out;
      const prefix = this.take(PREFIX_BYTES);
      if (ATTACHMENT_MAGIC.some((b, i) => prefix[i] !== b)) throw new CryptoError('bad_stream_header', 'not an encrypted attachment (bad magic)');
      this.state = lib().secretStreamPull(this.key, prefix.subarray(4));
    }
    while (this.pendingLength >= CIPHER_CHUNK && !this.isDone()) {
      const piece = this.open(this.take(CIPHER_CHUNK));
      if (piece) out.push(piece);
    }
    if (this.isDone() && this.pendingLength > 0) throw new CryptoError('stream_trailing_data', 'data after the final chunk');
    return out;
  }

  // A method, not an inline comparison: open() changes the phase behind the compiler's back.
  private isDone(): boolean {
    return this.phase === 'done';
  }

  /** Removes exactly n buffered bytes (n ≤ pendingLength), copying pieces only once. */
  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const piece = this.pieces[0];
      const k = Math.min(piece.length, n - filled);
      out.set(piece.subarray(0, k), filled);
      filled += k;
      if (k === piece.length) this.pieces.shift();
      else this.pieces[0] = piece.subarray(k);
    }
    this.pendingLength -= n;
    return out;
  }

  end(): void {
    if (!this.state || this.phase !== 'done' || this.pendingLength > 0) {
      throw new CryptoError('stream_truncated', 'attachment is truncated: the final chunk is missing');
    }
    if (paddedAttachmentSize(this.content) !== this.chunks * ATTACHMENT_CHUNK) {
      throw new CryptoError('stream_corrupt', 'attachment padding does not match its size bucket');
    }
  }

  private open(cipher: Uint8Array): Uint8Array | null {
    const s = lib();
    const { FINAL: TAG_FINAL, PUSH: TAG_PUSH, MESSAGE: TAG_MESSAGE } = STREAM_TAG;
    const result = this.state!.pull(cipher, this.ad);
    if (!result) throw new CryptoError('stream_corrupt', 'attachment chunk cannot be decrypted: altered, reordered or wrong key');
    this.chunks += 1;
    const { message, tag } = result;
    if (this.phase === 'content') {
      if (tag === TAG_MESSAGE) {
        this.content += message.length;
        return message;
      }
      if (tag !== TAG_PUSH && tag !== TAG_FINAL) throw new CryptoError('stream_corrupt', 'unexpected chunk tag');
      const data = s.unpad(message, ATTACHMENT_CHUNK);
      if (!data) throw new CryptoError('stream_corrupt', 'attachment padding marker missing');
      this.content += data.length;
      this.phase = tag === TAG_FINAL ? 'done' : 'padding';
      return data.length ? data : null;
    }
    if ((tag !== TAG_MESSAGE && tag !== TAG_FINAL) || !s.isZero(message)) throw new CryptoError('stream_corrupt', 'attachment padding is not zero');
    if (tag === TAG_FINAL) this.phase = 'done';
    return null;
  }
}

/** Turns a step function over a source stream into a pull-driven stream (so padding respects backpressure). */
function pullThrough(source: ReadableStream<Uint8Array>, steps: () => AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  let iterator: AsyncGenerator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        iterator ??= steps();
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel(reason) {
        await iterator?.return(undefined);
        await source.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 2 },
  );
}

async function* readAll(source: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.length) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Attachment encryption: crypto_secretstream_xchacha20poly1305 under DEK/files, 64 KiB chunks,
 * padded to a size bucket. Input is any ReadableStream (browser File.stream(), Node
 * Readable.toWeb()). Readable by the reporter and every unit holding a DEK wrap.
 * `header` is FOR VECTORS ONLY.
 */
export function encryptAttachment(dek: Dek, caseToken: CaseToken, fileId: string, source: ReadableStream<Uint8Array>, header?: Uint8Array): ReadableStream<Uint8Array> {
  const sealer = new AttachmentSealer(dekSubkey(dek, 'files'), fileAd(caseToken, fileId), header);
  return pullThrough(source, async function* () {
    yield sealer.prefix;
    for await (const data of readAll(source)) yield* sealer.write(data);
    yield* sealer.finish();
  });
}

/**
 * Attachment decryption: streams the plaintext out chunk by chunk; the stream errors with
 * CryptoError 'stream_corrupt' (altered, reordered, wrong key or context), 'stream_truncated'
 * (cut short or FINAL missing) or 'stream_trailing_data'. Treat the file as valid only once the
 * stream has closed without error.
 */
export function decryptAttachment(dek: Dek, caseToken: CaseToken, fileId: string, source: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const opener = new AttachmentOpener(dekSubkey(dek, 'files'), fileAd(caseToken, fileId));
  return pullThrough(source, async function* () {
    for await (const data of readAll(source)) yield* opener.write(data);
    opener.end();
  });
}

/** encryptAttachment as a {writable, readable} pair for `stream.pipeThrough(...)`. */
export function attachmentEncryptionStream(dek: Dek, caseToken: CaseToken, fileId: string): ReadableWritablePair<Uint8Array, Uint8Array> {
  const pass = new TransformStream<Uint8Array, Uint8Array>();
  return { writable: pass.writable, readable: encryptAttachment(dek, caseToken, fileId, pass.readable) };
}

/** decryptAttachment as a {writable, readable} pair for `stream.pipeThrough(...)`. */
export function attachmentDecryptionStream(dek: Dek, caseToken: CaseToken, fileId: string): ReadableWritablePair<Uint8Array, Uint8Array> {
  const pass = new TransformStream<Uint8Array, Uint8Array>();
  return { writable: pass.writable, readable: decryptAttachment(dek, caseToken, fileId, pass.readable) };
}

/** Whole-buffer attachment encryption (small files, tests, vectors); same bytes as the stream. `header` FOR VECTORS ONLY. */
export function encryptAttachmentBytes(dek: Dek, caseToken: CaseToken, fileId: string, plaintext: Uint8Array, header?: Uint8Array): Uint8Array {
  const sealer = new AttachmentSealer(dekSubkey(dek, 'files'), fileAd(caseToken, fileId), header);
  return concatBytes(sealer.prefix, ...sealer.write(plaintext), ...sealer.finish());
}

/** Whole-buffer attachment decryption; same checks and errors as the stream. */
export function decryptAttachmentBytes(dek: Dek, caseToken: CaseToken, fileId: string, ciphertext: Uint8Array): Uint8Array {
  const opener = new AttachmentOpener(dekSubkey(dek, 'files'), fileAd(caseToken, fileId));
  const parts = opener.write(ciphertext);
  opener.end();
  return concatBytes(...parts);
}
