import sodium from 'libsodium-wrappers-sumo';
import type { CryptoBackend, SecretStream } from './types';

type Sodium = typeof sodium;

/*
 * libsodium.js starts its WebAssembly as soon as it is imported. Where WebAssembly does not
 * exist (Tor Browser "Safer") that start rejects with "ReferenceError: WebAssembly is not
 * defined", a rejection nobody can catch; core/crypto then runs the JavaScript backend, so that
 * one expected rejection is kept out of the page's error console. Nothing else is touched.
 * (Registered while the bundle is still evaluating, before the rejection is reported.)
 */
const pageScope = globalThis as { addEventListener?: (type: string, listener: (event: PromiseRejectionEvent) => void) => void };
if (typeof WebAssembly === 'undefined' && typeof pageScope.addEventListener === 'function') {
  pageScope.addEventListener('unhandledrejection', (event) => {
    if (event.reason instanceof ReferenceError && /WebAssembly/.test(event.reason.message)) event.preventDefault();
  });
}
type StreamState = ReturnType<Sodium['crypto_secretstream_xchacha20poly1305_init_pull']>;

/** Runs a libsodium call whose failure means "does not authenticate": null instead of its throw. */
function orNull<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

function stream(s: Sodium, state: StreamState): SecretStream {
  return {
    push: (message, ad, tag) => s.crypto_secretstream_xchacha20poly1305_push(state, message, ad, tag),
    pull: (cipher, ad) => {
      const result = orNull(() => s.crypto_secretstream_xchacha20poly1305_pull(state, cipher, ad));
      return result ? { message: result.message, tag: result.tag } : null;
    },
  };
}

/** The libsodium backend: libsodium-wrappers-sumo (WebAssembly), as core/crypto always used it. */
function libsodiumBackend(s: Sodium): CryptoBackend {
  const b64 = s.base64_variants.URLSAFE_NO_PADDING;
  return {
    name: 'libsodium',
    randomBytes: (length) => s.randombytes_buf(length),
    generichash: (length, message, key) => s.crypto_generichash(length, message, key),
    kdfDerive: (length, id, context, key) => s.crypto_kdf_derive_from_key(length, id, context, key),
    argon2id: (length, password, salt, opsLimit, memLimit) => s.crypto_pwhash(length, password, salt, opsLimit, memLimit, s.crypto_pwhash_ALG_ARGON2ID13),
    aeadEncrypt: (message, ad, nonce, key) => s.crypto_aead_xchacha20poly1305_ietf_encrypt(message, ad, null, nonce, key),
    aeadDecrypt: (cipher, ad, nonce, key) => orNull(() => s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, cipher, ad, nonce, key)),
    pad: (buffer, blockSize) => s.pad(buffer, blockSize),
    unpad: (buffer, blockSize) => orNull(() => s.unpad(buffer, blockSize)),
    boxKeyPair: () => {
      const pair = s.crypto_box_keypair();
      return { publicKey: pair.publicKey, secretKey: pair.privateKey };
    },
    boxSeedKeyPair: (seed) => {
      const pair = s.crypto_box_seed_keypair(seed);
      return { publicKey: pair.publicKey, secretKey: pair.privateKey };
    },
    scalarMultBase: (secretKey) => s.crypto_scalarmult_base(secretKey),
    boxEasy: (message, nonce, publicKey, secretKey) => s.crypto_box_easy(message, nonce, publicKey, secretKey),
    boxSeal: (message, publicKey) => s.crypto_box_seal(message, publicKey),
    boxSealOpen: (sealed, publicKey, secretKey) => orNull(() => s.crypto_box_seal_open(sealed, publicKey, secretKey)),
    signKeyPair: () => {
      const pair = s.crypto_sign_keypair();
      return { publicKey: pair.publicKey, secretKey: pair.privateKey };
    },
    signSeedKeyPair: (seed) => {
      const pair = s.crypto_sign_seed_keypair(seed);
      return { publicKey: pair.publicKey, secretKey: pair.privateKey };
    },
    signDetached: (message, secretKey) => s.crypto_sign_detached(message, secretKey),
    signVerifyDetached: (signature, message, publicKey) => orNull(() => s.crypto_sign_verify_detached(signature, message, publicKey)) === true,
    secretStreamPush: (key, header) => {
      // init_pull and init_push build the same state from a header: that is how a fixed header is pinned.
      if (header) return { header: header.slice(), stream: stream(s, s.crypto_secretstream_xchacha20poly1305_init_pull(header, key)) };
      const pushed = s.crypto_secretstream_xchacha20poly1305_init_push(key);
      return { header: pushed.header, stream: stream(s, pushed.state) };
    },
    secretStreamPull: (key, header) => stream(s, s.crypto_secretstream_xchacha20poly1305_init_pull(header, key)),
    memcmp: (a, b) => s.memcmp(a, b),
    isZero: (bytes) => s.is_zero(bytes),
    toBase64Url: (bytes) => s.to_base64(bytes, b64),
    fromBase64Url: (text) => s.from_base64(text, b64),
    toHex: (bytes) => s.to_hex(bytes),
  };
}

/** Starts libsodium's WebAssembly; rejects when WebAssembly is missing or refused. */
export async function loadLibsodium(): Promise<CryptoBackend> {
  // libsodium.js falls back to a wasm2js copy of itself when WebAssembly fails; that copy is
  // far slower than @noble (docs/crypto.md §Backends), so WebAssembly itself is required here.
  if (typeof WebAssembly !== 'object' || WebAssembly === null) throw new Error('WebAssembly is not available');
  await sodium.ready;
  return libsodiumBackend(sodium);
}
