import { cryptoReady, keyIdOf, verifyCanonical, type KeyId } from '../../core/crypto';
import { AUDIT_GENESIS } from '../../core/crypto';
import { anchorHashOf, auditAnchors, headsDigestOf, headsOf, statementOf, type AnchorStatement, type AnchoredHead } from './anchors';
import { entryKey, verifyAuditChain, type ChainReport } from './verifyAuditChain';

/** One anchor as the open data publishes it (publicAnchors.ts): its statement, hash and signature. */
export type PublishedAnchor = AnchorStatement & { hash: string; signature: string };

export type AnchorProblem = {
  /** The anchor's seq. */
  anchor: number;
  reason:
    | 'anchor_seq_gap'
    | 'anchor_link_broken'
    | 'anchor_hash_mismatch'
    | 'anchor_unknown_key'
    | 'anchor_bad_signature'
    | 'heads_digest_mismatch'
    | 'head_not_found'
    | 'head_mismatch'
    | 'published_anchor_missing'
    | 'published_anchor_differs';
  scope?: string;
  seq?: number;
};

export type AnchorReport = {
  ok: boolean;
  anchors: number;
  headsChecked: number;
  latest?: { seq: number; at: string };
  /** Published anchors compared (0 without a saved copy). */
  publishedChecked: number;
  problems: AnchorProblem[];
  warnings: string[];
};

/** An anchor older than this is worth a warning: the daily job may have stopped, or anchors were removed. */
const STALE_MS = 48 * 3600_000;

/**
 * Verifies the chains and their signed anchors in one pass over the entries:
 * - each anchor: seq without gaps from 1, linked to the previous one's hash, its hash recomputed,
 *   signed by `publicKey` (never a key read from the database), its heads matching its digest;
 * - each anchored head: the chain still passes through it (the entry at that seq is intact and
 *   has that hash), so an entry removed and the rest of the chain recomputed is caught;
 * - with `published` (a saved copy of the open data): every published anchor is in the database,
 *   unchanged, so deleting or re-making anchors is caught too.
 */
export async function verifyAuditWithAnchors(options: {
  /** The anchor key, or several after a deliberate SERVER_SECRET change (the old keys too). */
  publicKey: string | string[] | null;
  published?: PublishedAnchor[];
  scope?: string;
  now?: Date;
}): Promise<{ chains: ChainReport; anchors: AnchorReport }> {
  await cryptoReady();
  const problems: AnchorProblem[] = [];
  const warnings: string[] = [];
  const stored = await auditAnchors().find({}, { sort: { _id: 1 } }).toArray();
  const keys = new Map((options.publicKey === null ? [] : [options.publicKey].flat()).map((k) => [keyIdOf(k), k]));
  const headsByAnchor: { anchor: number; heads: AnchoredHead[] }[] = [];
  let prevHash = AUDIT_GENESIS;
  for (const [i, a] of stored.entries()) {
    const at = (reason: AnchorProblem['reason']) => problems.push({ anchor: a.seq, reason });
    if (a.seq !== i + 1 || a._id !== a.seq) at('anchor_seq_gap');
    if (a.prevHash !== prevHash) at('anchor_link_broken');
    const statement = statementOf(a);
    if (anchorHashOf(statement) !== a.hash) at('anchor_hash_mismatch');
    const key = keys.get(a.keyId as KeyId);
    if (keys.size > 0 && !key) at('anchor_unknown_key');
    else if (key && !verifyCanonical(statement, a.signature, key)) at('anchor_bad_signature');
    const heads = await headsOf(a);
    if (headsDigestOf(a.nonce, heads) !== a.headsDigest) at('heads_digest_mismatch');
    headsByAnchor.push({ anchor: a.seq, heads: heads.filter((h) => !options.scope || h.scope === options.scope) });
    prevHash = a.hash;
  }

  const lookup = new Set(headsByAnchor.flatMap((x) => x.heads.map((h) => entryKey(h.scope, h.seq))));
  const chains = await verifyAuditChain({ scope: options.scope, lookup });
  let headsChecked = 0;
  for (const { anchor, heads } of headsByAnchor) {
    for (const h of heads) {
      headsChecked++;
      const now = chains.found!.get(entryKey(h.scope, h.seq));
      if (now === undefined) problems.push({ anchor, reason: 'head_not_found', scope: h.scope, seq: h.seq });
      else if (now !== h.hash) problems.push({ anchor, reason: 'head_mismatch', scope: h.scope, seq: h.seq });
    }
  }
  delete chains.found;

  const bySeq = new Map(stored.map((a) => [a.seq, a]));
  for (const p of options.published ?? []) {
    const a = bySeq.get(p.seq);
    if (!a) problems.push({ anchor: p.seq, reason: 'published_anchor_missing' });
    else if (a.hash !== p.hash || a.signature !== p.signature) problems.push({ anchor: p.seq, reason: 'published_anchor_differs' });
  }

  const latest = stored.at(-1);
  const now = options.now ?? new Date();
  if (!latest) warnings.push('no anchors yet: the chains are checked only against themselves');
  else if (now.getTime() - Date.parse(latest.at) > STALE_MS) warnings.push(`the latest anchor (#${latest.seq}) is from ${latest.at}, more than 48 h ago: is the workers' audit.anchor task running?`);
  if (stored.length > 0 && keys.size === 0) warnings.push('no anchor public key: signatures were not checked');

  return {
    chains,
    anchors: {
      ok: problems.length === 0,
      anchors: stored.length,
      headsChecked,
      latest: latest && { seq: latest.seq, at: latest.at },
      publishedChecked: options.published?.length ?? 0,
      problems,
      warnings,
    },
  };
}
