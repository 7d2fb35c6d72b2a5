import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import {
  ATTACHMENT_CHUNK,
  CryptoError,
  type CaseToken,
  type Dek,
  attachmentShapeProblem,
  cryptoReady,
  decryptAttachment,
  decryptAttachmentBytes,
  encryptAttachment,
  encryptAttachmentBytes,
  encryptedAttachmentSize,
  paddedAttachmentSize,
  attachmentEncryptionStream,
  attachmentDecryptionStream,
  dekSubkey,
  associatedData,
} from '../../../core/crypto';
import { STREAM_TAG, ready } from '../../../core/crypto/backend';
import { expectSameBytes, flipBit, patternBytes } from './helpers';

const dek = new Uint8Array(32).fill(3) as Dek;
const caseToken = 'case-token-for-tests' as CaseToken;
const fileId = 'file-1';
const PREFIX = 28;
const CIPHER_CHUNK = ATTACHMENT_CHUNK + 17;

beforeAll(cryptoReady);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return (error as CryptoError).code;
  }
  return undefined;
}

/** Feeds bytes to a ReadableStream in pieces of the given sizes (cycled). */
function streamOf(bytes: Uint8Array, pieces: number[]): ReadableStream<Uint8Array> {
  let offset = 0;
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      const size = Math.max(1, pieces[i++ % pieces.length]);
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function streamCodeOf(stream: ReadableStream<Uint8Array>): Promise<string | undefined> {
  try {
    await collect(stream);
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return (error as CryptoError).code;
  }
  return undefined;
}

const chunkOf = (cipher: Uint8Array, index: number) => cipher.subarray(PREFIX + index * CIPHER_CHUNK, PREFIX + (index + 1) * CIPHER_CHUNK);

describe('attachments (secretstream, 64 KiB chunks, size buckets)', () => {
  test('size buckets: at least size+1, whole chunks, min 256 KiB, under 25 % overhead, monotonic', () => {
    expect(paddedAttachmentSize(0)).toBe(256 * 1024);
    expect(paddedAttachmentSize(256 * 1024 - 1)).toBe(256 * 1024);
    expect(paddedAttachmentSize(256 * 1024)).toBe(320 * 1024);
    expect(paddedAttachmentSize(1024 * 1024)).toBe(1280 * 1024);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 30 }), (size, more) => {
        const bucket = paddedAttachmentSize(size);
        expect(bucket).toBeGreaterThanOrEqual(size + 1);
        expect(bucket % ATTACHMENT_CHUNK).toBe(0);
        if (size >= 256 * 1024) expect(bucket).toBeLessThan((size + 1) * 1.25 + 1);
        expect(paddedAttachmentSize(size + more)).toBeGreaterThanOrEqual(bucket);
        expect(attachmentShapeProblem(encryptedAttachmentSize(size))).toBeNull();
      }),
    );
    expect(attachmentShapeProblem(encryptedAttachmentSize(10) + 1)).toBe('not_whole_chunks');
    expect(attachmentShapeProblem(PREFIX + 9 * CIPHER_CHUNK)).toBe('not_a_size_bucket');
  });

  test('bytes round trip at the chunk and bucket edges; ciphertext size depends only on the bucket', () => {
    for (const size of [0, 1, 100, 65535, 65536, 65537, 3 * 65536, 262143, 262144, 262145, 400000]) {
      const plain = patternBytes(size);
      const cipher = encryptAttachmentBytes(dek, caseToken, fileId, plain);
      expect(cipher.length).toBe(encryptedAttachmentSize(size));
      expectSameBytes(decryptAttachmentBytes(dek, caseToken, fileId, cipher), plain);
    }
  });

  test('stream round trip with arbitrary input piece sizes equals the bytes API', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300_000 }), fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 5 }), async (size, pieces) => {
        const plain = patternBytes(size, pieces[0]);
        const cipher = await collect(encryptAttachment(dek, caseToken, fileId, streamOf(plain, pieces)));
        expect(cipher.length).toBe(encryptedAttachmentSize(size));
        expectSameBytes(decryptAttachmentBytes(dek, caseToken, fileId, cipher), plain);
        const back = await collect(decryptAttachment(dek, caseToken, fileId, streamOf(cipher, pieces)));
        expectSameBytes(back, plain);
      }),
      { numRuns: 15 },
    );
  });

  test('works on a Node file stream (Readable.toWeb) and through pipeThrough', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-attach-'));
    const file = path.join(dir, 'evidence.bin');
    const plain = patternBytes(1_000_000, 7);
    fs.writeFileSync(file, plain);
    try {
      const source = Readable.toWeb(fs.createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
      const cipher = await collect(source.pipeThrough(attachmentEncryptionStream(dek, caseToken, fileId)));
      fs.writeFileSync(file + '.enc', cipher);
      const encrypted = Readable.toWeb(fs.createReadStream(file + '.enc')) as unknown as ReadableStream<Uint8Array>;
      const back = await collect(encrypted.pipeThrough(attachmentDecryptionStream(dek, caseToken, fileId)));
      expectSameBytes(back, plain);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('any flipped bit anywhere fails', () => {
    const cipher = encryptAttachmentBytes(dek, caseToken, fileId, patternBytes(70_000));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cipher.length * 8 - 1 }), (bit) => {
        expect(['stream_corrupt', 'bad_stream_header']).toContain(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, flipBit(cipher, bit))));
      }),
      { numRuns: 300 },
    );
  });

  test('wrong key, other case or other file id fails', () => {
    const cipher = encryptAttachmentBytes(dek, caseToken, fileId, patternBytes(1000));
    expect(codeOf(() => decryptAttachmentBytes(new Uint8Array(32).fill(4) as Dek, caseToken, fileId, cipher))).toBe('stream_corrupt');
    expect(codeOf(() => decryptAttachmentBytes(dek, 'other-case' as CaseToken, fileId, cipher))).toBe('stream_corrupt');
    expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, 'file-2', cipher))).toBe('stream_corrupt');
  });

  test('truncation: dropped final chunk, cut inside a chunk, only the header, empty input', async () => {
    const cipher = encryptAttachmentBytes(dek, caseToken, fileId, patternBytes(300_000));
    const chunks = (cipher.length - PREFIX) / CIPHER_CHUNK;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cipher.length - 1 }), (cut) => {
        expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, cipher.subarray(0, cut)))).toBe('stream_truncated');
      }),
      { numRuns: 100 },
    );
    expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, cipher.subarray(0, PREFIX + (chunks - 1) * CIPHER_CHUNK)))).toBe('stream_truncated');
    expect(await streamCodeOf(decryptAttachment(dek, caseToken, fileId, streamOf(cipher.subarray(0, cipher.length - CIPHER_CHUNK), [50_000])))).toBe('stream_truncated');
    expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, new Uint8Array(0)))).toBe('stream_truncated');
  });

  test('reordered, duplicated or dropped middle chunks fail', () => {
    const cipher = encryptAttachmentBytes(dek, caseToken, fileId, patternBytes(300_000));
    const chunks = Array.from({ length: (cipher.length - PREFIX) / CIPHER_CHUNK }, (_, i) => chunkOf(cipher, i));
    const prefix = cipher.subarray(0, PREFIX);
    const join = (order: number[]) => new Uint8Array(Buffer.concat([prefix, ...order.map((i) => chunks[i])]));
    const all = chunks.map((_, i) => i);
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (order) => {
        fc.pre(order.some((v, i) => v !== i));
        expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, join(order)))).toBe('stream_corrupt');
      }),
      { numRuns: 30 },
    );
    expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, join([0, 0, ...all.slice(1)])))).toBe('stream_corrupt');
    expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, join(all.filter((i) => i !== 1))))).toBe('stream_corrupt');
  });

  test('trailing data after the final chunk and a foreign magic are refused', () => {
    const cipher = encryptAttachmentBytes(dek, caseToken, fileId, patternBytes(10));
    expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, new Uint8Array([...cipher, 0])))).toBe('stream_trailing_data');
    const foreign = cipher.slice();
    foreign[3] = 2;
    expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, foreign))).toBe('bad_stream_header');
  });

  test('a stream without a FINAL tag (every chunk MESSAGE/PUSH) is refused as truncated', async () => {
    const s = await ready();
    const key = dekSubkey(dek, 'files');
    const ad = associatedData(['file-data', caseToken, fileId]);
    const { stream, header } = s.secretStreamPush(key);
    const parts = [new Uint8Array([0x63, 0x63, 0x66, 0x01]), header];
    const marker = new Uint8Array(ATTACHMENT_CHUNK);
    marker[5] = 0x80;
    parts.push(stream.push(marker, ad, STREAM_TAG.PUSH));
    for (let i = 0; i < 3; i++) parts.push(stream.push(new Uint8Array(ATTACHMENT_CHUNK), ad, STREAM_TAG.MESSAGE));
    const cipher = new Uint8Array(Buffer.concat(parts));
    expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, cipher))).toBe('stream_truncated');
  });

  test('non-zero padding or a padding size outside the bucket is refused', async () => {
    const s = await ready();
    const key = dekSubkey(dek, 'files');
    const ad = associatedData(['file-data', caseToken, fileId]);
    const build = (chunks: Array<[Uint8Array, number]>) => {
      const { stream, header } = s.secretStreamPush(key);
      return new Uint8Array(Buffer.concat([new Uint8Array([0x63, 0x63, 0x66, 0x01]), header, ...chunks.map(([m, t]) => stream.push(m, ad, t))]));
    };
    const { MESSAGE: M, PUSH: P, FINAL: F } = STREAM_TAG;
    const marker = new Uint8Array(ATTACHMENT_CHUNK);
    marker[0] = 0x80;
    const zero = new Uint8Array(ATTACHMENT_CHUNK);
    const dirty = zero.slice();
    dirty[9] = 1;
    expect(decryptAttachmentBytes(dek, caseToken, fileId, build([[marker, P], [zero, M], [zero, M], [zero, F]]))).toEqual(new Uint8Array(0));
    expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, build([[marker, P], [dirty, M], [zero, M], [zero, F]])))).toBe('stream_corrupt');
    expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, build([[marker, P], [zero, F]])))).toBe('stream_corrupt');
    expect(codeOf(() => decryptAttachmentBytes(dek, caseToken, fileId, build([[zero, P], [zero, M], [zero, M], [zero, F]])))).toBe('stream_corrupt');
  });
});
