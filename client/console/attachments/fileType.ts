/**
 * What a decrypted attachment really is, read from its first bytes (its "magic number"), not
 * from the name or type the sender gave it: a reporter's file may come from anyone, and a
 * program named "contract.pdf" must not be opened as if it were a PDF. `viewer` says whether the
 * console may show it in its sandboxed viewer (only raster images and PDFs); everything else is
 * only downloaded, after a warning that names the detected type.
 */
export type DetectedKind =
  | 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'pdf'
  | 'ooxml' | 'odf' | 'zip' | 'ole' | 'rtf'
  | 'exe' | 'elf' | 'macho' | 'script' | 'html' | 'svg' | 'xml'
  | 'archive' | 'media' | 'text' | 'unknown';

export type DetectedType = {
  kind: DetectedKind;
  /** The sandboxed viewer that can show it, if any. */
  viewer: 'image' | 'pdf' | null;
  /** File name endings that honestly name this content (lower case, without the dot). */
  extensions: string[];
  /** Whether this kind can carry code that runs when opened (macros, scripts, programs). */
  active: boolean;
};

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
const startsWith = (b: Uint8Array, bytes: number[], at = 0) => b.length >= at + bytes.length && bytes.every((v, i) => b[at + i] === v);

const TYPES: Record<DetectedKind, Omit<DetectedType, 'kind'>> = {
  jpeg: { viewer: 'image', extensions: ['jpg', 'jpeg', 'jfif'], active: false },
  png: { viewer: 'image', extensions: ['png'], active: false },
  gif: { viewer: 'image', extensions: ['gif'], active: false },
  webp: { viewer: 'image', extensions: ['webp'], active: false },
  bmp: { viewer: 'image', extensions: ['bmp'], active: false },
  pdf: { viewer: 'pdf', extensions: ['pdf'], active: false },
  ooxml: { viewer: null, extensions: ['docx', 'xlsx', 'pptx', 'docm', 'xlsm', 'pptm'], active: true },
  odf: { viewer: null, extensions: ['odt', 'ods', 'odp', 'odg'], active: true },
  zip: { viewer: null, extensions: ['zip'], active: true },
  ole: { viewer: null, extensions: ['doc', 'xls', 'ppt', 'msg'], active: true },
  rtf: { viewer: null, extensions: ['rtf', 'doc'], active: true },
  exe: { viewer: null, extensions: ['exe', 'dll', 'scr', 'com'], active: true },
  elf: { viewer: null, extensions: [''], active: true },
  macho: { viewer: null, extensions: [''], active: true },
  script: { viewer: null, extensions: ['sh', 'py', 'pl', 'rb', 'js'], active: true },
  html: { viewer: null, extensions: ['html', 'htm', 'xhtml', 'mht'], active: true },
  svg: { viewer: null, extensions: ['svg'], active: true },
  xml: { viewer: null, extensions: ['xml'], active: false },
  archive: { viewer: null, extensions: ['7z', 'rar', 'gz', 'tgz', 'bz2', 'xz'], active: true },
  media: { viewer: null, extensions: ['mp4', 'mov', 'm4a', 'mp3', 'ogg', 'oga', 'ogv', 'opus', 'wav', 'webm', 'mkv', 'avi', '3gp', 'aac', 'flac'], active: false },
  text: { viewer: null, extensions: ['txt', 'csv', 'md', 'log', 'json', 'eml'], active: false },
  unknown: { viewer: null, extensions: [], active: true },
};

/** Looks at the first 4 KiB of the content. */
export function detectFileType(head: Uint8Array): DetectedType {
  const kind = detectKind(head.subarray(0, 4096));
  return { kind, ...TYPES[kind] };
}

function detectKind(b: Uint8Array): DetectedKind {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (ascii(b, 0, 4) === 'RIFF') return 'media'; // WAV, AVI
  if (ascii(b, 0, 2) === 'BM' && b.length > 26) return 'bmp';
  if (ascii(b, 0, 5) === '%PDF-') return 'pdf';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return zipKind(b);
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (ascii(b, 0, 5) === '{\\rtf') return 'rtf';
  if (ascii(b, 0, 2) === 'MZ') return 'exe';
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return 'elf';
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((m) => startsWith(b, m))) return 'macho';
  if (ascii(b, 0, 2) === '#!') return 'script';
  if ([[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], [0x52, 0x61, 0x72, 0x21], [0x1f, 0x8b], [0x42, 0x5a, 0x68], [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]].some((m) => startsWith(b, m))) return 'archive';
  if (ascii(b, 4, 8) === 'ftyp' || ascii(b, 0, 4) === 'OggS' || ascii(b, 0, 3) === 'ID3' || ascii(b, 0, 4) === 'fLaC' || startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]) || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0)) return 'media';
  return textKind(b);
}

/** A zip is also the container of Office (OOXML) and OpenDocument files: the first entry tells. */
function zipKind(b: Uint8Array): DetectedKind {
  const nameLength = b[26] | (b[27] << 8);
  const name = ascii(b, 30, 30 + nameLength);
  const head = ascii(b, 30, 30 + 400);
  if (name === 'mimetype' && head.includes('application/vnd.oasis.opendocument')) return 'odf';
  if (name === '[Content_Types].xml' || name.startsWith('word/') || name.startsWith('xl/') || name.startsWith('ppt/') || name.startsWith('_rels/')) return 'ooxml';
  return 'zip';
}

/** Text if it decodes as UTF-8 without control bytes; then markup that a browser would run is singled out. */
function textKind(b: Uint8Array): DetectedKind {
  if (b.length === 0) return 'unknown';
  let text: string;
  try {
    // A multi-byte character cut at the 4 KiB edge is not an error: drop the last 3 bytes.
    text = new TextDecoder('utf-8', { fatal: true }).decode(b.length === 4096 ? b.subarray(0, 4093) : b);
  } catch {
    return 'unknown';
  }
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return 'unknown';
  const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 1024).toLowerCase();
  if (/^<!doctype html|^<html|^<head|^<body|^<script|^<iframe/.test(start)) return 'html';
  if (/^<svg|^<\?xml[\s\S]*<svg/.test(start)) return 'svg';
  if (start.startsWith('<?xml')) return /<html/.test(start) ? 'html' : 'xml';
  return 'text';
}

/** The extension of a file name (lower case, no dot), or '' when it has none. */
export function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name.trim());
  return match ? match[1].toLowerCase() : '';
}

/** True when the name's extension does not honestly describe the detected content. */
export function nameMisleads(name: string, detected: DetectedType): boolean {
  const ext = extensionOf(name);
  if (detected.kind === 'unknown') return ext !== '' && Object.values(TYPES).some((t) => t.viewer !== null && t.extensions.includes(ext));
  return !detected.extensions.includes(ext);
}
