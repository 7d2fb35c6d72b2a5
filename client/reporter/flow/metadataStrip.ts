/**
 * Removes metadata blocks from JPEG and PNG files without decoding the image. Used only where
 * the browser refuses to hand back canvas pixels (Tor Browser's and Firefox's fingerprinting
 * protection return a blank image), so re-drawing is impossible. Keeps what the image needs to
 * display; drops EXIF/XMP/IPTC (APP1, APP13), ICC and other APPn segments, comments, PNG text,
 * time and EXIF chunks, and anything after the end of the image (e.g. appended "motion photo"
 * video). Returns null if the bytes are not a well-formed JPEG or PNG.
 */

const JPEG_KEEP_APP = new Set([0xe0, 0xee]); // JFIF header, Adobe colour transform
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'bKGD']);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

export function isPng(b: Uint8Array): boolean {
  return b.length > 8 && PNG_SIGNATURE.every((v, i) => b[i] === v);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Names of what a strip removed, recorded (inside the encrypted file metadata) so the
 * investigator sees what was cut out: exif, xmp, iptc, icc, comment, text, time, other, trailing.
 */
export type RemovedBlocks = Set<string>;

const startsWithText = (b: Uint8Array, text: string) => text.split('').every((c, i) => b[i] === c.charCodeAt(0));

/** What a JPEG APPn or COM segment is, by its marker and the start of its payload. */
function jpegBlockName(marker: number, payload: Uint8Array): string {
  if (marker === 0xfe) return 'comment';
  if (marker === 0xe1) return startsWithText(payload, 'Exif') ? 'exif' : startsWithText(payload, 'http://ns.adobe.com/xap') ? 'xmp' : 'other';
  if (marker === 0xed) return 'iptc';
  if (marker === 0xe2 && startsWithText(payload, 'ICC_PROFILE')) return 'icc';
  return 'other';
}

const PNG_BLOCK_NAMES: Record<string, string> = { tEXt: 'text', iTXt: 'text', zTXt: 'text', tIME: 'time', eXIf: 'exif', iCCP: 'icc' };

/** JPEG: walk the marker segments; after each scan, skip entropy-coded data to the next marker. */
export function stripJpegMetadata(b: Uint8Array, removed?: RemovedBlocks): Uint8Array | null {
  if (!isJpeg(b)) return null;
  const out: Uint8Array[] = [b.subarray(0, 2)];
  let pos = 2;
  while (pos + 1 < b.length) {
    if (b[pos] !== 0xff) return null;
    const marker = b[pos + 1];
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      out.push(b.subarray(pos, pos + 2)); // end of image: drop whatever trails it
      if (pos + 2 < b.length) removed?.add('trailing');
      return concat(out);
    }
    if (pos + 3 >= b.length) return null;
    const length = (b[pos + 2] << 8) | b[pos + 3];
    const end = pos + 2 + length;
    if (length < 2 || end > b.length) return null;
    const isApp = marker >= 0xe1 && marker <= 0xef;
    if (!(isApp && !JPEG_KEEP_APP.has(marker)) && marker !== 0xfe) out.push(b.subarray(pos, end));
    else removed?.add(jpegBlockName(marker, b.subarray(pos + 4, end)));
    pos = end;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
      let scan = pos;
      while (scan + 1 < b.length && !(b[scan] === 0xff && b[scan + 1] !== 0 && !(b[scan + 1] >= 0xd0 && b[scan + 1] <= 0xd7))) scan += 1;
      if (scan + 1 >= b.length) return null;
      out.push(b.subarray(pos, scan));
      pos = scan;
    }
  }
  return null;
}

/** PNG: keep the chunks needed to display the image, stop at IEND. */
export function stripPngMetadata(b: Uint8Array, removed?: RemovedBlocks): Uint8Array | null {
  if (!isPng(b)) return null;
  const out: Uint8Array[] = [b.subarray(0, 8)];
  let pos = 8;
  while (pos + 12 <= b.length) {
    const length = ((b[pos] << 24) >>> 0) + (b[pos + 1] << 16) + (b[pos + 2] << 8) + b[pos + 3];
    const type = String.fromCharCode(b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]);
    const end = pos + 12 + length;
    if (end > b.length) return null;
    if (PNG_KEEP.has(type)) out.push(b.subarray(pos, end));
    else removed?.add(PNG_BLOCK_NAMES[type] ?? 'other');
    if (type === 'IEND') {
      if (end < b.length) removed?.add('trailing');
      return concat(out);
    }
    pos = end;
  }
  return null;
}
