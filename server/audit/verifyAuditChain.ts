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

export type ChainReport = { ok: boolean; scopes: number; entries: number; breaks: ChainBreak[] };

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
 * Without signed anchors, someone who rewrites a whole chain AND its head is not detected here.
 */
export async function verifyAuditChain(options: { scope?: string } = {}): Promise<ChainReport> {
  await cryptoReady();
  const states = new Map<string, ScopeState>();
  let entries = 0;
  const filter = options.scope ? { scope: options.scope } : {};
  const cursor = AuditEvent.find(filter).sort({ scope: 1, seq: 1 }).lean<AuditEntry[]>().cursor();
  for await (const doc of cursor as AsyncIterable<AuditEntry>) {
    entries++;
    let st = states.get(doc.scope);
    if (!st) states.set(doc.scope, (st = { expectedSeq: 1, prevHash: AUDIT_GENESIS }));
    if (!st.broken) st.broken = check(doc.scope, st, doc);
  }
  const heads = await auditHeads().find(options.scope ? { _id: options.scope } : {}).toArray();
  for (const head of heads) {
    const st = states.get(head._id) ?? { expectedSeq: 1, prevHash: AUDIT_GENESIS };
    states.set(head._id, st);
    if (!st.broken && head.seq >= st.expectedSeq) st.broken = { scope: head._id, seq: st.expectedSeq, reason: 'truncated' };
  }
  const breaks = [...states.values()].flatMap((s) => (s.broken ? [s.broken] : [])).sort((a, b) => a.scope.localeCompare(b.scope));
  return { ok: breaks.length === 0, scopes: states.size, entries, breaks };
}

/** Verifies one chain: its entry count and its first broken link, if any. */
export async function verifyScope(scope: string): Promise<{ entries: number; broken?: ChainBreak }> {
  const report = await verifyAuditChain({ scope });
  return { entries: report.entries, broken: report.breaks[0] };
}
