/**
 * The JavaScript backend: libsodium's constructions from the audited @noble libraries and
 * crypto.getRandomValues, for browsers without WebAssembly (Tor Browser "Safer"). No primitive
 * is written here; where libsodium composes primitives (crypto_box, sealed boxes, crypto_kdf,
 * seed key pairs, secretstream) the composition follows libsodium's source, and every output is
 * checked against libsodium's (docs/crypto.md §Backends).
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hsalsa, xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { equalBytes, u32 } from '@noble/ciphers/utils.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { argon2id } from '@noble/hashes/argon2.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { base64UrlDecode, base64UrlEncode, hexEncode, isoPad, isoUnpad } from './codecs';
import { nobleSecretStream } from './nobleStream';
import type { CryptoBackend, RawKeyPair } from './types';

// "expand 32-byte k": the Salsa20 constant HSalsa20 starts from (crypto_core_hsalsa20 with c = NULL).
const SIGMA = Uint32Array.of(0x61707865, 0x3320646e, 0x79622d32, 0x6b206574);

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65,536 bytes per call.
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  return out;
}

function generichash(length: number, message: Uint8Array, key: Uint8Array | null): Uint8Array {
  return blake2b(message, { dkLen: length, key: key && key.length > 0 ? key : undefined });
}

/** crypto_kdf_blake2b_derive_from_key: BLAKE2b(empty, key, salt = id u64 LE || 0^8, personal = ctx || 0^8). */
function kdfDerive(length: number, id: number, context: string, key: Uint8Array): Uint8Array {
  const personal = new Uint8Array(16);
  const ctx = new TextEncoder().encode(context);
  if (ctx.length !== 8) throw new Error('crypto_kdf context must be 8 bytes');
  if (key.length !== 32 || length < 16 || length > 64 || !Number.isSafeInteger(id) || id < 0) throw new Error('crypto_kdf: bad arguments');
  personal.set(ctx);
  const salt = new Uint8Array(16);
  new DataView(salt.buffer).setBigUint64(0, BigInt(id), true);
  return blake2b(new Uint8Array(0), { dkLen: length, key, salt, personalization: personal });
}

/** crypto_box_beforenm: HSalsa20(X25519(sk, pk), 0^16); a low-order public key (all-zero secret) throws as in libsodium. */
function boxBeforeNm(publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array {
  const shared = x25519.getSharedSecret(secretKey, publicKey);
  const out = new Uint32Array(8);
  hsalsa(SIGMA, u32(shared.slice()), new Uint32Array(4), out);
  return new Uint8Array(out.buffer);
}

function boxEasy(message: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return xsalsa20poly1305(boxBeforeNm(publicKey, secretKey), nonce).encrypt(message);
}

/** crypto_box_seal_nonce: BLAKE2b-192(epk || pk). */
function sealNonce(ephemeralPublicKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  return blake2b.create({ dkLen: 24 }).update(ephemeralPublicKey).update(publicKey).digest();
}

function boxKeyPairOf(secretKey: Uint8Array): RawKeyPair {
  return { publicKey: x25519.getPublicKey(secretKey), secretKey };
}

function signKeyPairOf(seed: Uint8Array): RawKeyPair {
  if (seed.length !== 32) throw new Error('Ed25519 seed must be 32 bytes');
  const publicKey = ed25519.getPublicKey(seed);
  const secretKey = new Uint8Array(64);
  secretKey.set(seed);
  secretKey.set(publicKey, 32);
  return { publicKey, secretKey };
}

/**
 * crypto_sign_verify_detached's rules: RFC 8032 strict encodings and S < L (noble, zip215 off),
 * plus libsodium's refusal of small-order public keys and R.
 */
function signVerifyDetached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    if (signature.length !== 64 || publicKey.length !== 32) return false;
    if (ed25519.Point.fromBytes(publicKey).isSmallOrder() || ed25519.Point.fromBytes(signature.subarray(0, 32)).isSmallOrder()) return false;
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** The @noble-based backend (see the file comment). */
export function javascriptBackend(): CryptoBackend {
  return {
    name: 'javascript',
    randomBytes,
    generichash,
    kdfDerive,
    argon2id: (length, password, salt, opsLimit, memLimit) =>
      argon2id(password, salt, { t: opsLimit, m: Math.floor(memLimit / 1024), p: 1, dkLen: length, maxmem: 2 ** 32 - 1 }),
    aeadEncrypt: (message, ad, nonce, key) => xchacha20poly1305(key, nonce, ad).encrypt(message),
    aeadDecrypt: (cipher, ad, nonce, key) => {
      if (key.length !== 32 || nonce.length !== 24) throw new Error('XChaCha20-Poly1305: bad key or nonce length');
      try {
        return xchacha20poly1305(key, nonce, ad).decrypt(cipher);
      } catch {
        return null;
      }
    },
    pad: isoPad,
    unpad: isoUnpad,
    boxKeyPair: () => boxKeyPairOf(randomBytes(32)),
    // crypto_box_seed_keypair: the secret key is the first half of SHA-512(seed), unclamped (as libsodium stores it).
    boxSeedKeyPair: (seed) => boxKeyPairOf(sha512(seed).slice(0, 32)),
    scalarMultBase: (secretKey) => x25519.getPublicKey(secretKey),
    boxEasy,
    boxSeal: (message, publicKey) => {
      const ephemeral = boxKeyPairOf(randomBytes(32));
      const sealed = boxEasy(message, sealNonce(ephemeral.publicKey, publicKey), publicKey, ephemeral.secretKey);
      const out = new Uint8Array(32 + sealed.length);
      out.set(ephemeral.publicKey);
      out.set(sealed, 32);
      ephemeral.secretKey.fill(0);
      return out;
    },
    boxSealOpen: (sealed, publicKey, secretKey) => {
      if (sealed.length < 48) return null;
      const ephemeralPublicKey = sealed.subarray(0, 32);
      try {
        return xsalsa20poly1305(boxBeforeNm(ephemeralPublicKey, secretKey), sealNonce(ephemeralPublicKey, publicKey)).decrypt(sealed.subarray(32));
      } catch {
        return null;
      }
    },
    signKeyPair: () => signKeyPairOf(randomBytes(32)),
    signSeedKeyPair: signKeyPairOf,
    signDetached: (message, secretKey) => {
      if (secretKey.length !== 64) throw new Error('Ed25519 secret key must be 64 bytes');
      // libsodium hashes the public half stored in the secret key; noble derives it from the seed.
      // They agree whenever the key is well formed, which is checked rather than assumed.
      const seed = secretKey.subarray(0, 32);
      if (!equalBytes(ed25519.getPublicKey(seed), secretKey.subarray(32))) throw new Error('Ed25519 secret key: public half does not match the seed');
      return ed25519.sign(message, seed);
    },
    signVerifyDetached,
    secretStreamPush: (key, header) => {
      const chosen = header ? header.slice() : randomBytes(24);
      return { header: chosen, stream: nobleSecretStream(key, chosen) };
    },
    secretStreamPull: (key, header) => nobleSecretStream(key, header),
    memcmp: (a, b) => {
      if (a.length !== b.length) throw new Error('memcmp: arrays of different lengths');
      return equalBytes(a, b);
    },
    isZero: (bytes) => {
      let acc = 0;
      for (const byte of bytes) acc |= byte;
      return acc === 0;
    },
    toBase64Url: base64UrlEncode,
    fromBase64Url: base64UrlDecode,
    toHex: hexEncode,
  };
}
