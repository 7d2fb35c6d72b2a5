/** An X25519 key pair (crypto_box): 32-byte public and secret keys. */
export interface BoxKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** An Ed25519 key pair (crypto_sign): 32-byte public key, 64-byte secret key (seed || public key). */
export interface SigningKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** The per-case data key: 32 bytes derived from the case code. */
export type Dek = Uint8Array & { readonly __brand: 'Dek' };

/** A random 32-byte key that is not derivable from the case code (identity, notes). */
export type CaseSideKey = Uint8Array & { readonly __brand: 'CaseSideKey' };

/** base64url of 32 bytes derived from the case code; the server's lookup key for a case. */
export type CaseToken = string & { readonly __brand: 'CaseToken' };

/** base64url of the first 16 bytes of BLAKE2b-256(public key). */
export type KeyId = string & { readonly __brand: 'KeyId' };
