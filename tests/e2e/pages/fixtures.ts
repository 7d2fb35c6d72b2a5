import { crc32 } from 'node:zlib';
import type { Page } from 'playwright-core';

/** A file for Playwright's setInputFiles. */
export type FilePayload = { name: string; mimeType: string; buffer: Buffer };

/** A small real image made by the browser's own encoder (no image library in Node needed). */
async function canvasImage(page: Page, type: 'image/jpeg' | 'image/png'): Promise<Buffer> {
  const dataUrl = await page.evaluate((t) => {
    const c = document.createElement('canvas');
    c.width = 24;
    c.height = 16;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#3a7';
    ctx.fillRect(0, 0, 24, 16);
    ctx.fillStyle = '#c33';
    ctx.fillRect(4, 4, 8, 8);
    return c.toDataURL(t);
  }, type);
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

/** A minimal big-endian EXIF block whose ImageDescription holds `text` (like a camera's metadata). */
function exifSegment(text: string): Buffer {
  const value = Buffer.from(`${text}\0`, 'latin1');
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x010e, 10); // ImageDescription
  tiff.writeUInt16BE(2, 12); // ASCII
  tiff.writeUInt32BE(value.length, 14);
  tiff.writeUInt32BE(tiff.length, 18); // value stored after the IFD
  tiff.writeUInt32BE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, value]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** A JPEG whose EXIF carries `secret` (e.g. a "GPS position"): the portal must remove it. */
export async function jpegWithExif(page: Page, name: string, secret: string): Promise<FilePayload> {
  const jpeg = await canvasImage(page, 'image/jpeg');
  return { name, mimeType: 'image/jpeg', buffer: Buffer.concat([jpeg.subarray(0, 2), exifSegment(secret), jpeg.subarray(2)]) };
}

/** A PNG with a tEXt chunk holding `secret` before its image data. */
export async function pngWithText(page: Page, name: string, secret: string): Promise<FilePayload> {
  const png = await canvasImage(page, 'image/png');
  const data = Buffer.from(`Comment\0${secret}`, 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const ihdrEnd = 8 + 25; // signature + IHDR chunk (13 bytes of data + 12)
  return { name, mimeType: 'image/png', buffer: Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]) };
}

/** A plain document (not an image): sent as is, with the portal's warning about metadata. */
export function textFile(name: string, content: string): FilePayload {
  return { name, mimeType: 'text/plain', buffer: Buffer.from(content, 'utf8') };
}
