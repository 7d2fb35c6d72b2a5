import { CryptoError } from './errors';
import { lib } from './backend';

/** Bytes → base64url without padding (RFC 4648 §5), the only text encoding of binary data here. */
export function toB64u(bytes: Uint8Array): string {
  return lib().toBase64Url(bytes);
}

/** base64url without padding → bytes; throws CryptoError('bad_encoding'), optionally checking the length. */
export function fromB64u(text: string, expectedLength?: number, what = 'value'): Uint8Array {
  let bytes: Uint8Array;
  try {
    if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('alphabet');
    bytes = lib().fromBase64Url(text);
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw new CryptoError('bad_encoding', `${what} is not base64url`);
  }
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new CryptoError('bad_encoding', `${what} must be ${expectedLength} bytes, got ${bytes.length}`);
  }
  return bytes;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 encode. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** UTF-8 decode; invalid UTF-8 throws CryptoError('bad_encoding'). */
export function fromUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CryptoError('bad_encoding', 'not valid UTF-8');
  }
}

/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Constant-time equality of two byte arrays (sodium.memcmp); different lengths are unequal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && lib().memcmp(a, b);
}

/** Crockford base32 data alphabet (no I, L, O, U). */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Crockford check-symbol alphabet: the 32 data symbols plus * ~ $ = U for values 32..36. */
export const CROCKFORD_CHECK_ALPHABET = CROCKFORD_ALPHABET + '*~$=U';

/** Bytes (length a multiple of 5) → Crockford base32 symbols, most significant bit first. */
export function toCrockford(bytes: Uint8Array): string {
  if (bytes.length % 5 !== 0) throw new CryptoError('bad_input', 'Crockford encoding here takes a multiple of 5 bytes');
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD_ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** Crockford base32 symbols (length a multiple of 8, already normalised) → bytes. */
export function fromCrockford(symbols: string): Uint8Array {
  if (symbols.length % 8 !== 0) throw new CryptoError('bad_encoding', 'Crockford text length must be a multiple of 8');
  const out = new Uint8Array((symbols.length * 5) / 8);
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const symbol of symbols) {
    const value = CROCKFORD_ALPHABET.indexOf(symbol);
    if (value < 0) throw new CryptoError('bad_encoding', 'not a Crockford base32 symbol');
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >>> bits) & 255;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/**
 * Crockford's check symbol: the data read as one big-endian base-32 integer, modulo 37.
 * 37 is prime and coprime to 32, so every single-symbol substitution and every adjacent
 * transposition (including data ↔ check) changes the result.
 */
export function crockfordCheckValue(symbols: string): number {
  let remainder = 0;
  for (const symbol of symbols) {
    const value = CROCKFORD_ALPHABET.indexOf(symbol);
    if (value < 0) throw new CryptoError('bad_encoding', 'not a Crockford base32 symbol');
    remainder = (remainder * 32 + value) % 37;
  }
  return remainder;
}

// Cyrillic capitals that look like Latin ones: a reporter on a Kazakh or Russian keyboard layout
// types these without noticing. Mapping them is safe because the check symbol still guards.
const HOMOGLYPHS: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: '0', Р: 'P', С: 'C', Т: 'T', Х: 'X', З: '3',
  O: '0', I: '1', L: '1',
};

/**
 * Crockford input normalisation: Unicode NFKC, upper case, drop spaces, dashes and
 * underscores, O→0, I/L→1, Cyrillic look-alikes → Latin. Never rejects; validation follows.
 */
export function normaliseCrockfordInput(input: string): string {
  let out = '';
  for (const ch of input.normalize('NFKC').toUpperCase()) {
    if (/[\s\-_\u2010-\u2015\u2212]/u.test(ch)) continue;
    out += HOMOGLYPHS[ch] ?? ch;
  }
  return out;
}
