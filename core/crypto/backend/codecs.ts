/**
 * The non-cryptographic helpers libsodium provides, written out with libsodium's exact rules so
 * the JavaScript backend accepts and rejects the same inputs: sodium_pad / sodium_unpad
 * (ISO/IEC 7816-4), sodium_bin2base64 / sodium_base642bin (URL-safe, no padding), sodium_bin2hex.
 */

/** sodium_pad: 0x80 then zeros, to the next multiple of blockSize (always at least one byte added). */
export function isoPad(buffer: Uint8Array, blockSize: number): Uint8Array {
  if (!Number.isInteger(blockSize) || blockSize <= 0) throw new Error('block size must be a positive integer');
  const padded = new Uint8Array(buffer.length + blockSize - (buffer.length % blockSize));
  padded.set(buffer);
  padded[buffer.length] = 0x80;
  return padded;
}

/**
 * sodium_unpad: within the last blockSize bytes, skip trailing zeros; the next byte must be 0x80.
 * Like libsodium it needs at least blockSize bytes but not a whole number of blocks. Null if invalid.
 */
export function isoUnpad(buffer: Uint8Array, blockSize: number): Uint8Array | null {
  if (!Number.isInteger(blockSize) || blockSize <= 0 || buffer.length < blockSize) return null;
  for (let i = buffer.length - 1; i >= buffer.length - blockSize; i--) {
    if (buffer[i] === 0) continue;
    return buffer[i] === 0x80 ? buffer.slice(0, i) : null;
  }
  return null;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Bytes → base64url without padding. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63] + ALPHABET[(n >>> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) out += ALPHABET[bytes[i] >>> 2] + ALPHABET[(bytes[i] & 3) << 4];
  if (rest === 2) {
    const n = (bytes[i] << 8) | bytes[i + 1];
    out += ALPHABET[n >>> 10] + ALPHABET[(n >>> 4) & 63] + ALPHABET[(n & 15) << 2];
  }
  return out;
}

/** base64url without padding → bytes; throws like sodium_base642bin (bad symbol, 6 spare bits, non-zero spare bits). */
export function base64UrlDecode(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let accBits = 0;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? VALUES[code] : -1;
    if (value < 0) throw new Error('invalid base64 symbol');
    acc = ((acc << 6) | value) & 0xfff;
    accBits += 6;
    if (accBits >= 8) {
      accBits -= 8;
      out[length++] = (acc >>> accBits) & 0xff;
    }
  }
  if (accBits > 4 || (acc & ((1 << accBits) - 1)) !== 0) throw new Error('incomplete base64 input');
  return out.subarray(0, length).slice();
}

/** Bytes → lower-case hex. */
export function hexEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += (byte < 16 ? '0' : '') + byte.toString(16);
  return out;
}
