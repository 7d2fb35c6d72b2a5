/**
 * Encrypts a file while reading it (File.stream() → secretstream, 64 KiB at a time) and uploads
 * the ciphertext in chunks of the server's chunk size, so a large file never sits whole in
 * memory. A chunk whose request fails is retried after asking the server how many chunks it
 * holds (GET /api/reports/uploads/:id), so a dropped connection resumes where it stopped.
 */
import { encryptAttachment, encryptedAttachmentSize, newContentId, sealFileMeta, type CaseSecrets } from '../../../core/crypto';
import { ApiError, NetworkError, reporterApi } from './api';
import { caseAuthHeader } from '../../../core/submission';

/** `cleaning`/`removed`: what imageCleaner.ts did to the file, recorded for the investigator. */
export type UploadSource = { blob: Blob; name: string; type: string; cleaning?: 'redrawn' | 'stripped' | 'none'; removed?: string[] };
export type UploadEvents = { onProgress?: (fraction: number) => void; onResume?: () => void };

const RETRIES = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryable(err: unknown): boolean {
  return err instanceof NetworkError || (err instanceof ApiError && (err.status >= 500 || err.status === 429));
}

async function putWithResume(auth: string, uploadId: string, index: number, bytes: Uint8Array, events: UploadEvents) {
  for (let attempt = 1; ; attempt++) {
    try {
      await reporterApi.putChunk(auth, uploadId, index, bytes);
      return;
    } catch (err) {
      if (!retryable(err) || attempt > RETRIES) throw err;
      events.onResume?.();
      await sleep(Math.min(8000, 250 * 2 ** attempt));
      // The server may have stored the chunk before the answer was lost.
      const progress = await reporterApi.uploadProgress(auth, uploadId).catch(() => undefined);
      if (progress && progress.received > index) return;
    }
  }
}

/** Re-slices a stream of arbitrary pieces into pieces of exactly `size` bytes (the last shorter). */
async function* rechunk(stream: ReadableStream<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let buffer = new Uint8Array(size);
  let filled = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    let offset = 0;
    while (offset < value.length) {
      const n = Math.min(size - filled, value.length - offset);
      buffer.set(value.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === size) {
        yield buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buffer.subarray(0, filled);
}

/** Encrypts and uploads one file to the case; returns the server's file id. */
export async function uploadAttachment(secrets: CaseSecrets, source: UploadSource, chunkBytes: number, events: UploadEvents = {}): Promise<string> {
  const auth = caseAuthHeader(secrets);
  const contentId = newContentId();
  const size = encryptedAttachmentSize(source.blob.size);
  // Name, type and the metadata-removal record are sealed like the content: the server stores none of them.
  const record = { ...(source.cleaning ? { cleaning: source.cleaning } : {}), ...(source.removed ? { removed: source.removed } : {}) };
  const meta = sealFileMeta(secrets.dek, secrets.caseToken, contentId, JSON.stringify({ name: source.name, type: source.type, size: source.blob.size, ...record }));
  const { uploadId, chunkSize } = await reporterApi.startUpload(auth, { size, chunkCount: Math.ceil(size / chunkBytes), contentId, meta });
  const ciphertext = encryptAttachment(secrets.dek, secrets.caseToken, contentId, source.blob.stream() as ReadableStream<Uint8Array>);
  let index = 0;
  let sent = 0;
  events.onProgress?.(0);
  for await (const chunk of rechunk(ciphertext, chunkSize)) {
    await putWithResume(auth, uploadId, index, chunk, events);
    index += 1;
    sent += chunk.length;
    events.onProgress?.(sent / size);
  }
  const { fileId } = await reporterApi.completeUpload(auth, uploadId);
  return fileId;
}
