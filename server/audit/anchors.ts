import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { canonicalJson } from '../../core/canonicalJson';
import { AUDIT_GENESIS, auditHash, cryptoReady, keyIdOf, signCanonical, signingKeyPairFromSeed, toB64u, type SigningKeyPair } from '../../core/crypto';
import type { ConsoleSecrets } from '../commands/console/serverSecrets';
import { verifyAuditChain } from './verifyAuditChain';

/**
 * Signed anchors of the audit chains (docs/crypto.md §Audit anchors). The chains are unkeyed
 * BLAKE2b: whoever can write to the database can delete an entry and recompute every later one.
 * An anchor records where each chain stood (its last seq and hash), is signed with an Ed25519
 * key derived from SERVER_SECRET (which the database never holds), and links to the anchor
 * before it. Each anchor's statement is published with the statistics (publicAnchors.ts), so a
 * rewrite contradicts copies held outside. verifyAnchors.ts checks them.
 */
export const ANCHOR_PURPOSE = 'cc-audit-anchor/1';

export type AnchoredHead = { scope: string; seq: number; hash: string };
export type AnchorTrigger = 'daily' | 'on_demand';

/** What is signed and published: nothing in it names a case or counts anything. */
export type AnchorStatement = {
  purpose: typeof ANCHOR_PURPOSE;
  /** 1, 2, 3, ... without gaps. */
  seq: number;
  /** ISO time the heads were read. */
  at: string;
  /** UTC day of `at`, YYYY-MM-DD. */
  day: string;
  trigger: AnchorTrigger;
  /** The previous anchor's `hash` (AUDIT_GENESIS for the first). */
  prevHash: string;
  /** BLAKE2b-256 of canonical JSON {nonce, heads}: a hiding commitment to the heads. */
  headsDigest: string;
  /** Key id of the signing key (its public key: anchorPublicKey). */
  keyId: string;
};

/** The stored anchor: the statement, its hash and signature, and what only the database keeps. */
export type AuditAnchor = AnchorStatement & {
  _id: number;
  /**
   * The heads that changed since the previous anchor (a chain not listed stands where an earlier
   * anchor put it), in `headChunks` documents of auditAnchorHeads with ids `<chunkId>:<i>`: one
   * anchor of a large deployment's first day would not fit MongoDB's 16 MB document limit.
   */
  chunkId: string;
  headChunks: number;
  /**
   * Where every chain stood at this anchor (`stateChunks` documents of auditAnchorState, same
   * ids): only the next anchor reads it, to list what moved, and then deletes it. A hint, not a
   * proof: altered, it only makes the next anchor list more heads, or leave a change for later.
   */
  stateChunks: number;
  /**
   * Random, never published: without it the published digest of a day with no audit activity
   * would be the same constant every time, and would tell outsiders that nothing happened.
   */
  nonce: string;
  hash: string;
  signature: string;
};

export const auditAnchors = () => mongoose.connection.db!.collection<AuditAnchor>('auditAnchors');
type HeadChunk = { _id: string; heads: AnchoredHead[] };
export const anchorHeadChunks = () => mongoose.connection.db!.collection<HeadChunk>('auditAnchorHeads');
const anchorStateChunks = () => mongoose.connection.db!.collection<HeadChunk>('auditAnchorState');
// Whole documents by _id only: on FerretDB every other query and every update scans the collection.
const CHUNK = 2000;

async function writeChunks(collection: typeof anchorHeadChunks, chunkId: string, heads: AnchoredHead[]): Promise<number> {
  const n = Math.ceil(heads.length / CHUNK);
  for (let i = 0; i < n; i++) await collection().insertOne({ _id: `${chunkId}:${i}`, heads: heads.slice(i * CHUNK, (i + 1) * CHUNK) });
  return n;
}

async function readChunks(collection: typeof anchorHeadChunks, chunkId: string, n: number): Promise<AnchoredHead[]> {
  const heads: AnchoredHead[] = [];
  for (let i = 0; i < n; i++) heads.push(...((await collection().findOne({ _id: `${chunkId}:${i}` }))?.heads ?? []));
  return heads;
}

const dropChunks = (collection: typeof anchorHeadChunks, chunkId: string, n: number) =>
  collection().deleteMany({ _id: { $in: Array.from({ length: n }, (_, i) => `${chunkId}:${i}`) } });

/** The heads an anchor recorded, in order. */
export function headsOf(anchor: Pick<AuditAnchor, 'chunkId' | 'headChunks'>): Promise<AnchoredHead[]> {
  return readChunks(anchorHeadChunks, anchor.chunkId, anchor.headChunks);
}

/** The anchor signing key: Ed25519 from a seed derived from SERVER_SECRET (serverSecrets.ts). */
export function anchorKeyPair(secrets: ConsoleSecrets): SigningKeyPair {
  return signingKeyPairFromSeed(secrets.auditAnchorSeed);
}

/** The public key outsiders verify anchors with, base64url. */
export function anchorPublicKey(secrets: ConsoleSecrets): string {
  return toB64u(anchorKeyPair(secrets).publicKey);
}

export const headsDigestOf = (nonce: string, heads: AnchoredHead[]) => auditHash(canonicalJson({ nonce, heads }));
export const anchorHashOf = (statement: AnchorStatement) => auditHash(canonicalJson(statement));

/** The signed part of a stored anchor. */
export function statementOf(a: AnchorStatement): AnchorStatement {
  const { purpose, seq, at, day, trigger, prevHash, headsDigest, keyId } = a;
  return { purpose, seq, at, day, trigger, prevHash, headsDigest, keyId };
}

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

export type AnchorResult =
  | { made: true; seq: number; day: string; heads: number; brokenChains: number }
  | { made: false; reason: 'already_today' | 'lost_race' };

/**
 * Makes one anchor: reads every chain in one verifying pass, records the heads that moved since
 * the previous anchor, signs and stores it. A daily run makes nothing if an anchor of this UTC
 * day exists. Idempotent between workers: the anchor's _id is its seq, so of two writers racing
 * for the same seq one is refused. A broken chain is anchored only up to its last intact entry
 * (a break is never signed as if it were the truth), and counted in the result for the log.
 */
export async function makeAuditAnchor(secrets: ConsoleSecrets, options: { now: Date; trigger: AnchorTrigger }): Promise<AnchorResult> {
  await cryptoReady();
  const day = options.now.toISOString().slice(0, 10);
  const previous = await auditAnchors().find({}, { sort: { _id: -1 }, limit: 1 }).next();
  if (options.trigger === 'daily' && previous?.day === day) return { made: false, reason: 'already_today' };
  const chains = await verifyAuditChain({ withHeads: true });
  const known = new Map((previous ? await readChunks(anchorStateChunks, previous.chunkId, previous.stateChunks ?? 0) : []).map((h) => [h.scope, h]));
  const heads = chains
    .heads!.filter((h) => known.get(h.scope)?.hash !== h.hash || known.get(h.scope)?.seq !== h.seq)
    .sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  const keys = anchorKeyPair(secrets);
  const nonce = randomBytes(32).toString('base64url');
  const statement: AnchorStatement = {
    purpose: ANCHOR_PURPOSE,
    seq: (previous?._id ?? 0) + 1,
    at: options.now.toISOString(),
    day,
    trigger: options.trigger,
    prevHash: previous?.hash ?? AUDIT_GENESIS,
    headsDigest: headsDigestOf(nonce, heads),
    keyId: keyIdOf(keys.publicKey),
  };
  // Chunks first, under ids only this run uses: an anchor never points at missing or foreign heads.
  const chunkId = `${statement.seq}:${nonce.slice(0, 12)}`;
  const headChunks = await writeChunks(anchorHeadChunks, chunkId, heads);
  const stateChunks = await writeChunks(anchorStateChunks, chunkId, chains.heads!);
  const anchor: AuditAnchor = {
    _id: statement.seq,
    ...statement,
    chunkId,
    headChunks,
    stateChunks,
    nonce,
    hash: anchorHashOf(statement),
    signature: signCanonical(statement, keys.secretKey),
  };
  try {
    await auditAnchors().insertOne(anchor);
  } catch (err) {
    if (isDuplicate(err)) {
      await dropChunks(anchorHeadChunks, chunkId, headChunks);
      await dropChunks(anchorStateChunks, chunkId, stateChunks);
      return { made: false, reason: 'lost_race' };
    }
    throw err;
  }
  // Only the newest state is ever read; a failure here leaves a little garbage, nothing wrong.
  if (previous) await dropChunks(anchorStateChunks, previous.chunkId, previous.stateChunks ?? 0).catch(() => {});
  return { made: true, seq: statement.seq, day, heads: heads.length, brokenChains: chains.breaks.length };
}
