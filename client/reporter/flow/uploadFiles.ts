import type { CaseSecrets } from '../../../core/crypto';
import type { CleanedFile } from './imageCleaner';
import { uploadAttachment } from './uploader';

export type UploadProgress = { n: number; total: number; fraction: number; resuming: boolean };

/**
 * Uploads files one after the other (one stream at a time keeps memory flat on a phone).
 * Returns the files that could not be uploaded, so the page can offer to retry them, with the
 * last failure (`lastError`: e.g. a per-case cap, told to the reporter in words).
 */
export async function uploadFiles(secrets: CaseSecrets, files: CleanedFile[], chunkBytes: number, onProgress: (p: UploadProgress) => void): Promise<CleanedFile[] & { lastError?: unknown }> {
  const failed: CleanedFile[] & { lastError?: unknown } = [];
  for (const [i, file] of files.entries()) {
    const base = { n: i + 1, total: files.length };
    let last = 0;
    try {
      await uploadAttachment(secrets, file, chunkBytes, {
        onProgress: (fraction) => onProgress({ ...base, fraction: (last = fraction), resuming: false }),
        onResume: () => onProgress({ ...base, fraction: last, resuming: true }),
      });
    } catch (err) {
      failed.lastError = err;
      failed.push(file);
    }
  }
  return failed;
}
