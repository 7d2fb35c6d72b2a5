/**
 * Removes hidden metadata (EXIF location, camera serial, author, dates, thumbnails) from JPEG
 * and PNG images before they are encrypted, by decoding the image and drawing it again on a
 * canvas: the new file holds pixels only. Where the browser blocks reading canvas pixels (Tor
 * Browser), the metadata blocks are cut out of the file instead (metadataStrip.ts). Other file
 * types are passed through unchanged, and the page says so.
 */
import { isJpeg, isPng, stripJpegMetadata, stripPngMetadata } from './metadataStrip';

export type Cleaning = 'redrawn' | 'stripped' | 'none';
/**
 * `cleaning` and `removed` travel inside the encrypted file metadata (uploader.ts), so the
 * investigator sees what was removed, or that nothing could be (docs/console.md).
 */
export type CleanedFile = { blob: Blob; name: string; type: string; cleaning: Cleaning; removed?: string[] };

export class CleaningFailedError extends Error {}

let canvasWorks: boolean | undefined;

/** Whether this browser returns real canvas pixels (false under fingerprinting protection). */
function canvasExtractionWorks(): boolean {
  if (canvasWorks !== undefined) return canvasWorks;
  try {
    const canvas = document.createElement('canvas');
    canvas.width = 2;
    canvas.height = 1;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = 'rgb(10, 200, 30)';
    ctx.fillRect(0, 0, 1, 1);
    ctx.fillStyle = 'rgb(250, 20, 140)';
    ctx.fillRect(1, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 2, 1).data;
    canvasWorks = d[0] === 10 && d[1] === 200 && d[2] === 30 && d[4] === 250 && d[5] === 20 && d[6] === 140;
  } catch {
    canvasWorks = false;
  }
  return canvasWorks;
}

async function redraw(file: Blob, type: 'image/jpeg' | 'image/png'): Promise<Blob> {
  // 'from-image' applies the EXIF orientation to the pixels, so dropping EXIF does not rotate the photo.
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new CleaningFailedError('no 2d context');
    ctx.drawImage(bitmap, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.92));
    canvas.width = canvas.height = 0; // release the pixel memory now, not at the next GC
    if (!blob) throw new CleaningFailedError('canvas produced no image');
    return blob;
  } finally {
    bitmap.close();
  }
}

/** Cleans one chosen file. Throws CleaningFailedError for an image that cannot be cleaned. */
export async function cleanFile(file: File): Promise<CleanedFile> {
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const type = isJpeg(head) ? 'image/jpeg' : isPng(head) ? 'image/png' : null;
  if (!type) return { blob: file, name: file.name, type: file.type || 'application/octet-stream', cleaning: 'none' };
  if (canvasExtractionWorks()) {
    try {
      return { blob: await redraw(file, type), name: file.name, type, cleaning: 'redrawn' };
    } catch {
      // e.g. an image too large for a canvas: fall through to cutting out the metadata blocks.
    }
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const removed = new Set<string>();
  const stripped = type === 'image/jpeg' ? stripJpegMetadata(bytes, removed) : stripPngMetadata(bytes, removed);
  if (!stripped) throw new CleaningFailedError('malformed image');
  return { blob: new Blob([stripped as Uint8Array<ArrayBuffer>], { type }), name: file.name, type, cleaning: 'stripped', removed: [...removed].sort() };
}
