/**
 * crypto_secretstream_xchacha20poly1305 composed from @noble primitives exactly as libsodium's
 * crypto_secretstream/xchacha20poly1305/secretstream_xchacha20poly1305.c does it:
 *   state: k = HChaCha20(key, header[0..16]); nonce = counter (u32 LE, starts at 1) || inonce (header[16..24]).
 *   push:  block0 = ChaCha20-IETF(k, nonce, counter 0) → Poly1305 key;
 *          MAC over  AD || pad16(AD) || ChaCha20(tag || 63 zeros, ic 1) || c = ChaCha20(m, ic 2)
 *                    || (mlen mod 16) zero bytes (libsodium's quirk) || u64 LE(adlen) || u64 LE(64 + mlen);
 *          output tagByte || c || MAC; then inonce ^= MAC[0..8], counter += 1, and rekey on
 *          TAG_REKEY (FINAL includes it) or when the counter wraps to 0.
 *   rekey: (k || inonce) ^= ChaCha20-IETF(k, nonce, counter 0) keystream; counter = 1.
 * Tested byte for byte against libsodium (tests/unit/crypto/backends.test.ts, the vectors).
 */
import { chacha20, hchacha } from '@noble/ciphers/chacha.js';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { equalBytes, u32 } from '@noble/ciphers/utils.js';
import { STREAM_TAG, type SecretStream } from './types';

const KEY_BYTES = 32;
const HEADER_BYTES = 24;
const INONCE_BYTES = 8;
const ABYTES = 17;
// "expand 32-byte k" as four little-endian words: the ChaCha constant HChaCha20 starts from.
const SIGMA = Uint32Array.of(0x61707865, 0x3320646e, 0x79622d32, 0x6b206574);
const PAD0 = new Uint8Array(16);

/** HChaCha20(key, 16-byte input) → 32 bytes (crypto_core_hchacha20). */
export function hchacha20(key: Uint8Array, input: Uint8Array): Uint8Array {
  const out = new Uint32Array(8);
  hchacha(SIGMA, u32(key.slice()), u32(input.slice(0, 16)), out);
  return new Uint8Array(out.buffer);
}

function lengthBlock(adLength: number, cipherLength: number): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(adLength), true);
  view.setBigUint64(8, BigInt(cipherLength), true);
  return out;
}

class NobleSecretStream implements SecretStream {
  private key: Uint8Array;
  /** 12-byte ChaCha20-IETF nonce: bytes 0..4 the counter (LE), 4..12 the inonce. */
  private readonly nonce = new Uint8Array(12);

  constructor(key: Uint8Array, header: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new Error('secretstream key must be 32 bytes');
    if (header.length !== HEADER_BYTES) throw new Error('secretstream header must be 24 bytes');
    this.key = hchacha20(key, header.subarray(0, 16));
    this.resetCounter();
    this.nonce.set(header.subarray(16, 24), 4);
  }

  push(message: Uint8Array, ad: Uint8Array, tag: number): Uint8Array {
    const block = new Uint8Array(64);
    block[0] = tag;
    const tagBlock = chacha20(this.key, this.nonce, block, undefined, 1);
    const cipher = chacha20(this.key, this.nonce, message, undefined, 2);
    const mac = this.mac(ad, tagBlock, cipher);
    const out = new Uint8Array(ABYTES + message.length);
    out[0] = tagBlock[0];
    out.set(cipher, 1);
    out.set(mac, 1 + message.length);
    this.advance(mac, tag);
    return out;
  }

  pull(input: Uint8Array, ad: Uint8Array): { message: Uint8Array; tag: number } | null {
    if (input.length < ABYTES) return null;
    const block = new Uint8Array(64);
    block[0] = input[0];
    const tagBlock = chacha20(this.key, this.nonce, block, undefined, 1);
    const tag = tagBlock[0];
    tagBlock[0] = input[0];
    const cipher = input.subarray(1, input.length - 16);
    const mac = this.mac(ad, tagBlock, cipher);
    if (!equalBytes(mac, input.subarray(input.length - 16))) return null;
    const message = chacha20(this.key, this.nonce, cipher, undefined, 2);
    this.advance(mac, tag);
    return { message, tag };
  }

  private mac(ad: Uint8Array, tagBlock: Uint8Array, cipher: Uint8Array): Uint8Array {
    const polyKey = chacha20(this.key, this.nonce, new Uint8Array(64), undefined, 0).subarray(0, 32);
    const h = poly1305.create(polyKey);
    h.update(ad);
    h.update(PAD0.subarray(0, (16 - (ad.length % 16)) % 16));
    h.update(tagBlock);
    h.update(cipher);
    // libsodium's own expression, kept bit for bit: (0x10 - 64 + mlen) & 0xf is mlen mod 16, not
    // the padding to a 16-byte boundary that the AD gets. It is part of the format.
    h.update(PAD0.subarray(0, (0x10 - 64 + cipher.length) & 0xf));
    h.update(lengthBlock(ad.length, 64 + cipher.length));
    return h.digest();
  }

  private advance(mac: Uint8Array, tag: number): void {
    for (let i = 0; i < INONCE_BYTES; i++) this.nonce[4 + i] ^= mac[i];
    // sodium_increment of the 4-byte little-endian counter.
    let carry = 1;
    for (let i = 0; i < 4; i++) {
      const sum = this.nonce[i] + carry;
      this.nonce[i] = sum & 0xff;
      carry = sum >> 8;
    }
    const wrapped = this.nonce[0] === 0 && this.nonce[1] === 0 && this.nonce[2] === 0 && this.nonce[3] === 0;
    if ((tag & STREAM_TAG.REKEY) !== 0 || wrapped) this.rekey();
  }

  private rekey(): void {
    const keyAndInonce = new Uint8Array(KEY_BYTES + INONCE_BYTES);
    keyAndInonce.set(this.key);
    keyAndInonce.set(this.nonce.subarray(4), KEY_BYTES);
    const next = chacha20(this.key, this.nonce, keyAndInonce, undefined, 0);
    this.key = next.slice(0, KEY_BYTES);
    this.nonce.set(next.subarray(KEY_BYTES), 4);
    this.resetCounter();
  }

  private resetCounter(): void {
    this.nonce.fill(0, 0, 4);
    this.nonce[0] = 1;
  }
}

/** A secretstream in either direction from a key and a 24-byte header. */
export function nobleSecretStream(key: Uint8Array, header: Uint8Array): SecretStream {
  return new NobleSecretStream(key, header);
}
