import { aeadOpen, aeadSeal, associatedData, type Envelope } from './aead';
import { toB64u, utf8 } from './encoding';
import { CryptoError } from './errors';
import { KDF, randomBytes, randomKey, subkey } from './kdf';
import type { CaseSideKey, CaseToken, Dek } from './types';

/** Every case envelope is padded to a multiple of 4 KiB before encryption (sodium.pad). */
export const ENVELOPE_PAD_BLOCK = 4096;

/** Who wrote a message; bound into the associated data so the server cannot relabel it. */
export type MessageAuthor = 'reporter' | 'investigator';

type Plaintext = Uint8Array | string;
const bytesOf = (p: Plaintext) => (typeof p === 'string' ? utf8(p) : p);

/** Sub-key of the DEK for one kind of content (context "cc-dek-1"). */
export function dekSubkey(dek: Dek, kind: 'body' | 'messages' | 'files' | 'fileMeta'): Uint8Array {
  return subkey(dek, KDF.dek[kind], KDF.dek.context);
}

/** A fresh random id (16 bytes, base64url) for a message, file or note, bound into its AD. */
export function newContentId(): string {
  return toB64u(randomBytes(16));
}

function requireId(id: string, what: string): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(id)) throw new CryptoError('bad_input', `${what} must be 1..128 base64url characters`);
  return id;
}

/** Report body: XChaCha20-Poly1305 under DEK/body, 4 KiB padding. Readable by the reporter and every unit holding a DEK wrap. */
export function sealReportBody(dek: Dek, caseToken: CaseToken, body: Plaintext, nonce?: Uint8Array): Envelope {
  return aeadSeal(dekSubkey(dek, 'body'), bytesOf(body), associatedData(['report-body', caseToken]), ENVELOPE_PAD_BLOCK, nonce);
}

/** Opens a report body (reporter or unit member with the DEK); throws CryptoError('decrypt_failed'). */
export function openReportBody(dek: Dek, caseToken: CaseToken, envelope: Envelope): Uint8Array {
  return aeadOpen(dekSubkey(dek, 'body'), envelope, associatedData(['report-body', caseToken]), ENVELOPE_PAD_BLOCK);
}

/** A thread message in either direction: XChaCha20-Poly1305 under DEK/messages. Readable by the reporter and the units holding the DEK. */
export function sealMessage(dek: Dek, caseToken: CaseToken, messageId: string, author: MessageAuthor, text: Plaintext, nonce?: Uint8Array): Envelope {
  const ad = associatedData(['message', caseToken, requireId(messageId, 'messageId'), author]);
  return aeadSeal(dekSubkey(dek, 'messages'), bytesOf(text), ad, ENVELOPE_PAD_BLOCK, nonce);
}

/** Opens a thread message (reporter or unit member); the author must be the one it was sealed with. */
export function openMessage(dek: Dek, caseToken: CaseToken, messageId: string, author: MessageAuthor, envelope: Envelope): Uint8Array {
  const ad = associatedData(['message', caseToken, requireId(messageId, 'messageId'), author]);
  return aeadOpen(dekSubkey(dek, 'messages'), envelope, ad, ENVELOPE_PAD_BLOCK);
}

/** An attachment's metadata (name, type, size as JSON): XChaCha20-Poly1305 under DEK/fileMeta. Reporter and DEK holders. */
export function sealFileMeta(dek: Dek, caseToken: CaseToken, fileId: string, meta: Plaintext, nonce?: Uint8Array): Envelope {
  const ad = associatedData(['file-meta', caseToken, requireId(fileId, 'fileId')]);
  return aeadSeal(dekSubkey(dek, 'fileMeta'), bytesOf(meta), ad, ENVELOPE_PAD_BLOCK, nonce);
}

/** Opens an attachment's metadata. */
export function openFileMeta(dek: Dek, caseToken: CaseToken, fileId: string, envelope: Envelope): Uint8Array {
  const ad = associatedData(['file-meta', caseToken, requireId(fileId, 'fileId')]);
  return aeadOpen(dekSubkey(dek, 'fileMeta'), envelope, ad, ENVELOPE_PAD_BLOCK);
}

/** A random key for a confidential reporter's identity; kept apart from the DEK and wrapped separately. */
export function generateIdentityKey(): CaseSideKey {
  return randomKey() as CaseSideKey;
}

/** Confidential identity and contact: XChaCha20-Poly1305 under the identity key. Only units holding an identity wrap, after an audited reveal. */
export function sealIdentity(identityKey: CaseSideKey, caseToken: CaseToken, identity: Plaintext, nonce?: Uint8Array): Envelope {
  return aeadSeal(identityKey, bytesOf(identity), associatedData(['identity', caseToken]), ENVELOPE_PAD_BLOCK, nonce);
}

/** Opens the identity with an unwrapped identity key. */
export function openIdentity(identityKey: CaseSideKey, caseToken: CaseToken, envelope: Envelope): Uint8Array {
  return aeadOpen(identityKey, envelope, associatedData(['identity', caseToken]), ENVELOPE_PAD_BLOCK);
}

/** A random key for investigators' notes: not derivable from the case code, so the reporter cannot read notes. */
export function generateNotesKey(): CaseSideKey {
  return randomKey() as CaseSideKey;
}

/** An investigator note: XChaCha20-Poly1305 under the case notes key. Only units holding a notes-key wrap. */
export function sealNote(notesKey: CaseSideKey, caseToken: CaseToken, noteId: string, text: Plaintext, nonce?: Uint8Array): Envelope {
  return aeadSeal(notesKey, bytesOf(text), associatedData(['note', caseToken, requireId(noteId, 'noteId')]), ENVELOPE_PAD_BLOCK, nonce);
}

/** Opens an investigator note. */
export function openNote(notesKey: CaseSideKey, caseToken: CaseToken, noteId: string, envelope: Envelope): Uint8Array {
  return aeadOpen(notesKey, envelope, associatedData(['note', caseToken, requireId(noteId, 'noteId')]), ENVELOPE_PAD_BLOCK);
}
