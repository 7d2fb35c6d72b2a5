/**
 * Opening a case in the browser: the unit key (from my grant) opens the case's DEK wrap; the DEK
 * opens the body, the messages and the file names; the notes key (wrapped per unit) opens notes.
 * Every item is opened on its own, so one damaged item does not hide the rest.
 */
import {
  decryptAttachment,
  fromUtf8,
  openFileMeta,
  openIdentity,
  openMessage,
  openNote,
  openReportBody,
  unwrapDek,
  unwrapIdentityKey,
  unwrapNotesKey,
  type BoxKeyPair,
  type CaseSideKey,
  type CaseToken,
  type Dek,
  type Envelope,
  type KeyWrap,
} from '../../core/crypto';
import type { Keyring } from './keyring';

export type UnitWrap = { unitId: string; generation: number; wrap: KeyWrap };
export type CaseView = {
  id: string;
  caseToken: CaseToken;
  policyVersion: number;
  status: string;
  outcome?: string;
  routing: { category: string; sector?: string; region: string; seniority: string; amount: string; flags: string[] };
  unitId: string;
  chain: string[];
  assigneeId: string | null;
  deadlines: Record<string, string | undefined>;
  overdue: string[];
  criminalSignsHere: boolean;
  extensions: { at: string; reason: string; days: number; answerBy: string }[];
  labels: string[];
  receivedAt: string;
  timeline: { kind: string; at: string; status?: string; template?: string; days?: number }[];
  body: Envelope;
  wraps: UnitWrap[];
  wrappedUnits: string[];
  notesWraps: UnitWrap[];
  hasNotesKey: boolean;
  confidential: boolean;
  /** 'server': the no-JavaScript form sealed this report on the server (docs/reporter.md). */
  sealedBy: 'browser' | 'server';
  identityRevealable: boolean;
  /** Units holding the identity key (ids only: the wraps come only from an approved reveal). */
  identityWrappedUnits: string[];
  /** The reporter consented to a reveal on the status page. */
  identityConsent: boolean;
  /** Ed25519 key reward claims are checked against; null for a case made before reward claims. */
  reporterSigningKey: string | null;
  /** Registered with the reporter's first claim (a case made before reward claims), not at submission. */
  reporterSigningKeyLate: boolean;
  finalOutcome: { result: string; at: string } | null;
  attachments: { fileId: string; contentId: string; meta: Envelope; size: number; from: string }[];
  messages: { messageId: string; seq: number; from: 'reporter' | 'investigator'; sealed: Envelope; at: string }[];
  notes: { noteId: string; seq: number; authorId: string; sealed: Envelope; at: string }[];
  members: { id: string; name: string; role: string; openCases: number; hasGrant: boolean; state: string }[];
  myRole: 'member' | 'supervisor';
};

export type Opened<T> = { ok: true; value: T } | { ok: false };
const attempt = <T>(fn: () => T): Opened<T> => {
  try {
    return { ok: true, value: fn() };
  } catch {
    return { ok: false };
  }
};

export type ReportBody = { description?: string; when?: string; where?: string; who?: string; evidence?: string; lang?: string };
export type FileMeta = { name: string; type: string; size: number };

export type OpenedCase = {
  dek: Dek;
  unitKey: BoxKeyPair;
  body: Opened<ReportBody>;
  messages: (CaseView['messages'][number] & { text: Opened<string> })[];
  files: (Omit<CaseView['attachments'][number], 'meta'> & { meta: Opened<FileMeta> })[];
  notesKey?: CaseSideKey;
  notes: (CaseView['notes'][number] & { text: Opened<string> })[];
};

export class NoUnitKeyError extends Error {}

/** The unit key pair that opens one of these wraps, and that wrap. */
export function unitKeyFor(keyring: Keyring, wraps: UnitWrap[]): { key: BoxKeyPair; wrap: UnitWrap } | undefined {
  for (const w of wraps) {
    const key = keyring.unitKeys.get(`${w.unitId}#${w.generation}`);
    if (key) return { key, wrap: w };
  }
  return undefined;
}

export function openCase(keyring: Keyring, view: CaseView): OpenedCase {
  const found = unitKeyFor(keyring, view.wraps);
  if (!found) throw new NoUnitKeyError('no unit key for this case');
  const dek = unwrapDek(found.wrap.wrap, found.key);
  const token = view.caseToken;
  const notesFound = unitKeyFor(keyring, view.notesWraps);
  const notesKey = notesFound ? attempt(() => unwrapNotesKey(notesFound.wrap.wrap, notesFound.key)) : undefined;
  return {
    dek,
    unitKey: found.key,
    body: attempt(() => JSON.parse(fromUtf8(openReportBody(dek, token, view.body))) as ReportBody),
    messages: view.messages.map((m) => ({ ...m, text: attempt(() => fromUtf8(openMessage(dek, token, m.messageId, m.from, m.sealed))) })),
    files: view.attachments.map((a) => ({ ...a, meta: attempt(() => JSON.parse(fromUtf8(openFileMeta(dek, token, a.contentId, a.meta))) as FileMeta) })),
    notesKey: notesKey?.ok ? notesKey.value : undefined,
    notes: view.notes.map((n) => ({ ...n, text: notesKey?.ok ? attempt(() => fromUtf8(openNote(notesKey.value, token, n.noteId, n.sealed))) : { ok: false } })),
  };
}

/** Decrypts an attachment as it streams in; the resulting stream errors if any chunk is altered or missing. */
export function decryptFileStream(opened: OpenedCase, view: CaseView, contentId: string, ciphertext: ReadableStream<Uint8Array>) {
  return decryptAttachment(opened.dek, view.caseToken, contentId, ciphertext);
}

/** The identity fields a confidential reporter gives (older reports: name, contact and note only). */
export type RevealedIdentity = { name?: string; iin?: string; address?: string; contact?: string; note?: string };

/**
 * Opens a revealed identity with the identity-key wrap of my unit: the only place the console
 * unwraps an identity key, and only with what an approved reveal released (docs/console.md).
 */
export function openRevealedIdentity(keyring: Keyring, view: CaseView, revealed: { sealed: Envelope; wraps: UnitWrap[] }): RevealedIdentity {
  const found = unitKeyFor(keyring, revealed.wraps);
  if (!found) throw new NoUnitKeyError('no unit key for the identity');
  const key = unwrapIdentityKey(found.wrap.wrap, found.key);
  return JSON.parse(fromUtf8(openIdentity(key, view.caseToken, revealed.sealed)));
}

/** Unwraps the identity KEY for a transfer (never the identity): from POST /identity/transfer-key. */
export function identityKeyForTransfer(keyring: Keyring, wraps: UnitWrap[]): CaseSideKey {
  const found = unitKeyFor(keyring, wraps);
  if (!found) throw new NoUnitKeyError('no unit key for the identity');
  return unwrapIdentityKey(found.wrap.wrap, found.key);
}
