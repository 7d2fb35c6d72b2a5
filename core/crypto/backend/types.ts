/**
 * The small set of primitives and libsodium constructions that core/crypto uses, as one typed
 * interface. Two implementations give byte-identical results: libsodium (WebAssembly) and a
 * pure-JavaScript one built from the audited @noble libraries (docs/crypto.md §Backends).
 * Failures of authentication come back as null or false, never as a throw, so the business
 * functions decide which CryptoError to raise; malformed arguments throw.
 */

/** Which implementation runs: libsodium's WebAssembly build, or the JavaScript one (Tor Browser "Safer"). */
export type BackendName = 'libsodium' | 'javascript';

/** crypto_secretstream_xchacha20poly1305 tags (same values as libsodium's constants). */
export const STREAM_TAG = { MESSAGE: 0, PUSH: 1, REKEY: 2, FINAL: 3 } as const;

/** One direction of a crypto_secretstream_xchacha20poly1305 stream; each call advances the state. */
export interface SecretStream {
  /** Seals one message with its tag: 1 tag byte || ciphertext || 16-byte MAC. */
  push(message: Uint8Array, ad: Uint8Array, tag: number): Uint8Array;
  /** Opens the next chunk, or null when it does not authenticate (the state is then unchanged). */
  pull(cipher: Uint8Array, ad: Uint8Array): { message: Uint8Array; tag: number } | null;
}

/** X25519 or Ed25519 key pair as libsodium returns it. */
export interface RawKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** Every libsodium call core/crypto makes, one method each (libsodium's name in the comment). */
export interface CryptoBackend {
  readonly name: BackendName;
  /** randombytes_buf */
  randomBytes(length: number): Uint8Array;
  /** crypto_generichash (BLAKE2b), unkeyed when key is null or empty. */
  generichash(length: number, message: Uint8Array, key: Uint8Array | null): Uint8Array;
  /** crypto_kdf_derive_from_key: BLAKE2b keyed with `key`, salt = id (u64 LE), personal = 8-byte context. */
  kdfDerive(length: number, id: number, context: string, key: Uint8Array): Uint8Array;
  /** crypto_pwhash with ALG_ARGON2ID13 (one lane). */
  argon2id(length: number, password: Uint8Array, salt: Uint8Array, opsLimit: number, memLimit: number): Uint8Array;
  /** crypto_aead_xchacha20poly1305_ietf_encrypt → ciphertext || tag. */
  aeadEncrypt(message: Uint8Array, ad: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array;
  /** crypto_aead_xchacha20poly1305_ietf_decrypt; null when it does not authenticate. */
  aeadDecrypt(cipher: Uint8Array, ad: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | null;
  /** sodium_pad (ISO/IEC 7816-4): 0x80 then zeros up to the next multiple of blockSize. */
  pad(buffer: Uint8Array, blockSize: number): Uint8Array;
  /** sodium_unpad; null when the padding is invalid. */
  unpad(buffer: Uint8Array, blockSize: number): Uint8Array | null;
  /** crypto_box_keypair */
  boxKeyPair(): RawKeyPair;
  /** crypto_box_seed_keypair: secret = SHA-512(seed)[0..32]. */
  boxSeedKeyPair(seed: Uint8Array): RawKeyPair;
  /** crypto_scalarmult_base */
  scalarMultBase(secretKey: Uint8Array): Uint8Array;
  /** crypto_box_easy (X25519 + HSalsa20 + XSalsa20-Poly1305) → MAC || ciphertext; throws on a low-order key. */
  boxEasy(message: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array;
  /** crypto_box_seal: epk || crypto_box_easy(m, BLAKE2b-192(epk || pk), pk, esk). */
  boxSeal(message: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** crypto_box_seal_open; null when it does not open. */
  boxSealOpen(sealed: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array | null;
  /** crypto_sign_keypair: secret key = seed || public key. */
  signKeyPair(): RawKeyPair;
  /** crypto_sign_seed_keypair */
  signSeedKeyPair(seed: Uint8Array): RawKeyPair;
  /** crypto_sign_detached (Ed25519). */
  signDetached(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  /** crypto_sign_verify_detached; false for any bad signature or key. */
  signVerifyDetached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  /** crypto_secretstream_xchacha20poly1305_init_push; `header` (24 bytes) FOR VECTORS ONLY, else random. */
  secretStreamPush(key: Uint8Array, header?: Uint8Array): { header: Uint8Array; stream: SecretStream };
  /** crypto_secretstream_xchacha20poly1305_init_pull */
  secretStreamPull(key: Uint8Array, header: Uint8Array): SecretStream;
  /** sodium_memcmp: constant-time equality of two arrays of the same length. */
  memcmp(a: Uint8Array, b: Uint8Array): boolean;
  /** sodium_is_zero */
  isZero(bytes: Uint8Array): boolean;
  /** sodium_bin2base64, URL-safe alphabet, no padding. */
  toBase64Url(bytes: Uint8Array): string;
  /** sodium_base642bin, URL-safe alphabet, no padding; throws on any invalid input (non-zero spare bits too). */
  fromBase64Url(text: string): Uint8Array;
  /** sodium_bin2hex (lower case). */
  toHex(bytes: Uint8Array): string;
}
