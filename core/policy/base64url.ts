/**
 * Shape checks for base64url (RFC 4648 §5, no padding) without decoding, so the policy schema
 * stays free of Buffer/atob and of the crypto module. Only canonical encodings pass: the unused
 * low bits of the last symbol must be zero, so one byte string has exactly one spelling.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** True if `s` is the canonical unpadded base64url encoding of exactly `bytes` bytes. */
export function isBase64urlOfLength(s: string, bytes: number): boolean {
  const expectedChars = Math.ceil((bytes * 8) / 6);
  if (s.length !== expectedChars) return false;
  for (const ch of s) if (!ALPHABET.includes(ch)) return false;
  const spareBits = expectedChars * 6 - bytes * 8;
  if (spareBits === 0) return true;
  const last = ALPHABET.indexOf(s[s.length - 1]);
  return (last & ((1 << spareBits) - 1)) === 0;
}
