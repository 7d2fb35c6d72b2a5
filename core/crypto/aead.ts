import { concatBytes, fromB64u, toB64u, utf8 } from './encoding';
import { CryptoError } from './errors';
import { lib } from './backend';

/** An AEAD ciphertext as stored on the server: shape is checkable, content is opaque. */
export interface Envelope {
  v: 1;
  alg: 'xchacha20poly1305-ietf';
  /** 24-byte random nonce, base64url. */
  nonce: string;
  /** ciphertext || 16-byte Poly1305 tag, base64url. */
  ct: string;
}

export const ENVELOPE_VERSION = 1;
export const AEAD_ALG = 'xchacha20poly1305-ietf';
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;

/**
 * Associated data: "cc" || version (u8) || part count (u8) || for each part, u16 big-endian
 * byte length || UTF-8 bytes. Part 0 names the purpose; the others bind it to its place
 * (case token, message id, ...), so a ciphertext moved elsewhere fails to open.
 */
export function associatedData(parts: readonly string[]): Uint8Array {
  if (parts.length === 0 || parts.length > 255) throw new CryptoError('bad_input', 'associated data needs 1..255 parts');
  const encoded = parts.map((part) => {
    if (typeof part !== 'string' || part.length === 0) throw new CryptoError('bad_input', 'associated data part must be a non-empty string');
    const bytes = utf8(part);
    if (bytes.length > 0xffff) throw new CryptoError('bad_input', 'associated data part too long');
    const framed = new Uint8Array(2 + bytes.length);
    framed[0] = bytes.length >>> 8;
    framed[1] = bytes.length & 0xff;
    framed.set(bytes, 2);
    return framed;
  });
  return concatBytes(new Uint8Array([0x63, 0x63, ENVELOPE_VERSION, parts.length]), ...encoded);
}

/**
 * XChaCha20-Poly1305 IETF seal. With `padBlock`, sodium_pad (ISO/IEC 7816-4: 0x80 then zeros)
 * first brings the length to the next multiple of padBlock (always at least one byte added).
 * `nonce` is FOR VECTORS ONLY; production callers leave it out and get a random one.
 */
export function aeadSeal(key: Uint8Array, plaintext: Uint8Array, ad: Uint8Array, padBlock: number | null, nonce?: Uint8Array): Envelope {
  const s = lib();
  if (key.length !== 32) throw new CryptoError('bad_key', 'AEAD key must be 32 bytes');
  const n = nonce ?? s.randomBytes(NONCE_BYTES);
  if (n.length !== NONCE_BYTES) throw new CryptoError('bad_input', 'nonce must be 24 bytes');
  const message = padBlock ? s.pad(plaintext, padBlock) : plaintext;
  const ct = s.aeadEncrypt(message, ad, n, key);
  return { v: ENVELOPE_VERSION, alg: AEAD_ALG, nonce: toB64u(n), ct: toB64u(ct) };
}

/** Opens what aeadSeal made; any wrong key, associated data or flipped bit → CryptoError('decrypt_failed'). */
export function aeadOpen(key: Uint8Array, envelope: Envelope, ad: Uint8Array, padBlock: number | null): Uint8Array {
  const s = lib();
  if (key.length !== 32) throw new CryptoError('bad_key', 'AEAD key must be 32 bytes');
  // Stored copies may carry extra members (a database id, say); only the four that matter are checked.
  const problem = envelopeShapeProblem(envelope, padBlock, { allowExtraMembers: true });
  if (problem) throw new CryptoError('bad_envelope', `envelope: ${problem}`);
  const nonce = fromB64u(envelope.nonce, NONCE_BYTES, 'nonce');
  const ct = fromB64u(envelope.ct, undefined, 'ciphertext');
  const message = s.aeadDecrypt(ct, ad, nonce, key);
  if (!message) throw new CryptoError('decrypt_failed', 'cannot decrypt: wrong key, wrong context or altered data');
  if (!padBlock) return message;
  const unpadded = s.unpad(message, padBlock);
  // Authenticated but badly padded: only a broken or hostile sender produces this.
  if (!unpadded) throw new CryptoError('decrypt_failed', 'decrypted data has invalid padding');
  return unpadded;
}

/**
 * The checks a server may make on an envelope without any key: version, algorithm, nonce
 * length, and (when the padding block is known) that the ciphertext length is a whole number
 * of blocks plus the tag. Returns a stable reason code, or null when the shape is right.
 */
export function envelopeShapeProblem(value: unknown, padBlock: number | null = null, options: { allowExtraMembers?: boolean } = {}): string | null {
  if (typeof value !== 'object' || value === null) return 'not_an_object';
  const e = value as Record<string, unknown>;
  if (!options.allowExtraMembers && Object.keys(e).sort().join(',') !== 'alg,ct,nonce,v') return 'unexpected_members';
  if (e.v !== ENVELOPE_VERSION) return 'unsupported_version';
  if (e.alg !== AEAD_ALG) return 'unsupported_algorithm';
  if (typeof e.nonce !== 'string' || e.nonce.length !== 32 || !/^[A-Za-z0-9_-]+$/.test(e.nonce)) return 'bad_nonce';
  if (typeof e.ct !== 'string' || !/^[A-Za-z0-9_-]+$/.test(e.ct) || e.ct.length % 4 === 1) return 'bad_ciphertext';
  const ctBytes = Math.floor((e.ct.length * 3) / 4);
  if (ctBytes < TAG_BYTES) return 'bad_ciphertext';
  if (padBlock && (ctBytes - TAG_BYTES) % padBlock !== 0) return 'bad_padding_bucket';
  return null;
}
