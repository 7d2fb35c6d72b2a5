/**
 * Audit hash chain: each entry's hash is BLAKE2b-256 (crypto_generichash, 32 bytes, unkeyed)
 * over the canonical JSON of the entry without its hash (the previous entry's hash is one of
 * its fields), as lower-case hex. Anyone can recompute it; nobody can alter an entry without
 * breaking every later link.
 */
import { blake2b } from './kdf';
import { toCrockford, utf8 } from './encoding';
import { lib } from './backend';

/** The previous hash of the first entry of a chain. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** BLAKE2b-256 of the canonical JSON text of an audit entry (without `hash`), in hex. */
export function auditHash(canonical: string): string {
  return lib().toHex(blake2b(32, utf8(canonical)));
}

/**
 * A short opaque reference (8 Crockford symbols) for a case id, shown in console notifications.
 * BLAKE2b-128 of the id under a domain prefix, first 40 bits: stable, and not the id itself.
 */
export function shortCaseRef(caseId: string): string {
  return toCrockford(blake2b(16, utf8(`cc-case-ref/v1\n${caseId}`)).subarray(0, 5));
}
