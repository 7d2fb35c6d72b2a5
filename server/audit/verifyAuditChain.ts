import { AUDIT_GENESIS, cryptoReady } from '../../core/crypto';
import { AuditEvent } from '../models/AuditEvent';
import { auditHeads, entryHash, type AuditEntry } from './appendAudit';

export type ChainBreak = {
  scope: string;
  /** The seq the chain expected at this place. */
  seq: number;
  /** The id of the entry found there (absent when entries are missing at the end). */
  id?: string;
  reason: 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'truncated';
};

export type ChainReport = {
  ok: boolean;
  scopes: number;
  entries: number;
  breaks: ChainBreak[];
  /** With `withHeads`: the last entry of each chain's intact part (what an anchor records). */
  heads?: { scope: string; seq: number; hash: string }[];
  /** With `lookup`: the hash of each asked-for entry (`<scope>#<seq>`) found in an intact part. */
  found?: Map<string, string>;
};

/** The key of one entry in `lookup` and `found`. */
export const entryKey = (scope: string, seq: number) => `${scope}#${seq}`;

type ScopeState = { expectedSeq: number; prevHash: string; broken?: ChainBreak };

/** Checks the next entry of a chain; returns the break it shows, if any. */
function check(scope: string, st: ScopeState, doc: AuditEntry): ChainBreak | undefined {
  const e = { ...doc, at: new Date(doc.at), details: doc.details ?? {} };
  const at = { scope, seq: st.expectedSeq, id: e._id };
  if (e.seq !== st.expectedSeq) return { ...at, reason: 'seq_gap' };
  if (e.prevHash !== st.prevHash) return { ...at, reason: 'prev_hash_mismatch' };
  const { hash, ...rest } = e;
  if (entryHash(rest) !== hash) return { ...at, reason: 'hash_mismatch' };
  st.prevHash = hash;
  st.expectedSeq++;
  return undefined;
}

/**
 * Verifies every chain (or one scope) in one ordered pass: sequence without gaps, each entry
 * linked to the previous hash, each hash recomputed; and no chain shorter than its recorded
 * head (entries removed at the end). Reports the first broken link of each broken chain.
 * This alone cannot see a chain rewritten whole (entry removed, later ones recomputed, head
 * updated): the signed anchors (anchors.ts, verifyAnchors.ts) catch that.
 */
export async function verifyAuditChain(options: { scope?: string; withHeads?: boolean; lookup?: Set<string> } = {}): Promise<ChainReport> {
  await cryptoReady();
  const states = new Map<string, ScopeState>();
  let entries = 0;
  const found = new Map<string, string>();
  const filter = options.scope ? { scope: options.scope } : {};
  // Heads first: a head names an entry only after that entry was stored, so every entry a head
  // read now names is there for the pass below. Read after the pass, a head moved by an append
  // made meanwhile (the system is live while the anchor task verifies) looked like a cut chain.
  const heads = await auditHeads().find(options.scope ? { _id: options.scope } : {}).toArray();
  const cursor = AuditEvent.find(filter).sort({ scope: 1, seq: 1 }).lean<AuditEntry[]>().cursor();
  for await (const doc of cursor as AsyncIterable<AuditEntry>) {
    entries++;
    let st = states.get(doc.scope);
    if (!st) states.set(doc.scope, (st = { expectedSeq: 1, prevHash: AUDIT_GENESIS }));
    if (!st.broken) st.broken = check(doc.scope, st, doc);
    // Read in the same pass, so checking anchors (anchors.ts) costs no query per anchored head.
    if (!st.broken && options.lookup?.has(entryKey(doc.scope, doc.seq))) found.set(entryKey(doc.scope, doc.seq), doc.hash);
  }
  for (const head of heads) {
    const st = states.get(head._id) ?? { expectedSeq: 1, prevHash: AUDIT_GENESIS };
    states.set(head._id, st);
    if (!st.broken && head.seq >= st.expectedSeq) st.broken = { scope: head._id, seq: st.expectedSeq, reason: 'truncated' };
  }
  const breaks = [...states.values()].flatMap((s) => (s.broken ? [s.broken] : [])).sort((a, b) => a.scope.localeCompare(b.scope));
  const report: ChainReport = { ok: breaks.length === 0, scopes: states.size, entries, breaks };
  if (options.withHeads) {
    report.heads = [...states.entries()].filter(([, s]) => s.expectedSeq > 1).map(([scope, s]) => ({ scope, seq: s.expectedSeq - 1, hash: s.prevHash }));
  }
  if (options.lookup) report.found = found;
  return report;
}

/** Verifies one chain: its entry count and its first broken link, if any. */
export async function verifyScope(scope: string): Promise<{ entries: number; broken?: ChainBreak }> {
  const report = await verifyAuditChain({ scope });
  return { entries: report.entries, broken: report.breaks[0] };
}
