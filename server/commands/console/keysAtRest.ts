import type { Envelope } from '../../../core/crypto';
import { atRestKeyId, isAtRestEnvelope, openAtRest, sealAtRest, type AtRestEnvelope } from '../../../core/crypto/atRest';
import { DomainError, unavailable } from '../../../core/errors';
import { Investigator } from '../../models/Investigator';
import type { ConsoleSecrets } from './serverSecrets';

/**
 * `keysByPassword` at rest (docs/crypto.md §Keys at rest). The browser locks an investigator's
 * private keys under a password-derived key; with the salt beside it, a database dump would let
 * anyone test password guesses offline. So the server wraps that blob once more under a key
 * derived from SERVER_SECRET before storing it, and opens the outer layer only to hand the blob
 * to the person who has just proved the password (sign-in, activation, recovery) or holds a
 * session. Old blobs (version 1, stored before this layer) still open, and are wrapped on the
 * next sign-in or by `npx tsx workers/cli/wrapStoredKeys.ts`.
 */
const PURPOSE = 'keysByPassword';

export type StoredPasswordBlob = Envelope | AtRestEnvelope;

const secretMismatch = () =>
  unavailable(
    'server_secret_mismatch',
    "This server's SERVER_SECRET is not the one the stored accounts were set up with: sign-in is refused until the right secret is configured (docs/operations.md).",
  );

/** The outer layer around a browser-made blob, bound to its account. */
export function wrapKeysByPassword(secrets: ConsoleSecrets, investigatorId: string, inner: Envelope): AtRestEnvelope {
  return sealAtRest(secrets.keysAtRestKey, inner, PURPOSE, investigatorId);
}

/**
 * The blob the browser can open with the password. Fails closed: a blob wrapped under another
 * secret gives 503 'server_secret_mismatch', never a half-working account.
 */
export function unwrapKeysByPassword(secrets: ConsoleSecrets, investigatorId: string, stored: StoredPasswordBlob): Envelope {
  if (!isAtRestEnvelope(stored)) return stored;
  if (stored.kid !== atRestKeyId(secrets.keysAtRestKey)) throw secretMismatch();
  try {
    return openAtRest(secrets.keysAtRestKey, stored, PURPOSE, investigatorId);
  } catch (err) {
    if (err instanceof DomainError) throw unavailable('stored_keys_unreadable', 'The stored keys of this account are damaged; an administrator can reset it.');
    throw err;
  }
}

// Key ids found to match the stored blobs, per process: the check costs one query, once.
const matched = new Set<string>();

/**
 * Refuses to work with a SERVER_SECRET other than the one that wrapped the stored blobs. Called
 * before a password is checked: with another secret the auth-key verifiers cannot match either,
 * and a bare 401 for everyone would hide the cause. The answer depends on the server, not on the
 * name asked for, so it tells nothing about accounts.
 */
export async function assertServerSecretMatches(secrets: ConsoleSecrets): Promise<void> {
  const kid = atRestKeyId(secrets.keysAtRestKey);
  if (matched.has(kid)) return;
  const any = await Investigator.findOne({ 'keysByPassword.v': 2 }, { 'keysByPassword.kid': 1 }).lean<{ keysByPassword?: { kid?: string } }>();
  if (!any) return; // nothing wrapped yet: nothing to contradict
  if (any.keysByPassword?.kid !== kid) throw secretMismatch();
  matched.add(kid);
}

/**
 * Wraps a version-1 blob in place (guarded on the old ciphertext, so a concurrent password
 * change wins). Returns whether this call wrapped it.
 */
export async function wrapLegacyBlob(secrets: ConsoleSecrets, investigatorId: string, stored: StoredPasswordBlob | undefined): Promise<boolean> {
  if (!stored || isAtRestEnvelope(stored)) return false;
  const wrapped = wrapKeysByPassword(secrets, investigatorId, stored);
  const res = await Investigator.updateOne({ _id: investigatorId, 'keysByPassword.ct': stored.ct, 'keysByPassword.v': 1 }, { $set: { keysByPassword: wrapped } });
  return res.modifiedCount === 1;
}

/** The one-off migration: wraps every version-1 blob still stored. Idempotent. */
export async function wrapAllLegacyBlobs(secrets: ConsoleSecrets): Promise<{ wrapped: number }> {
  await assertServerSecretMatches(secrets);
  const rows = await Investigator.find({ 'keysByPassword.v': 1 }, { keysByPassword: 1 }).lean<{ _id: string; keysByPassword: Envelope }[]>();
  let wrapped = 0;
  for (const r of rows) if (await wrapLegacyBlob(secrets, r._id, r.keysByPassword)) wrapped++;
  return { wrapped };
}
