import { AUDIT_GENESIS, cryptoReady } from '../../core/crypto';
import { AuditEvent } from '../models/AuditEvent';
import { entryHash, type AuditEntry } from './appendAudit';

export type ChainBreak = {
  scope: string;
  /** The seq the chain expected at this place. */
  seq: number;
  /** The id of the entry found there (undefined when an entry is missing at the end). */
  id?: string;
  reason: 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch';
};

export type ChainReport = { ok: boolean; scopes: number; entries: number; breaks: ChainBreak[] };

/** Checks one chain in order; returns its entry count and its first broken link, if any. */
export async function verifyScope(scope: string): Promise<{ entries: number; broken?: ChainBreak }> {
  await cryptoReady();
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS;
  let entries = 0;
  const cursor = AuditEvent.find({ scope }).sort({ seq: 1 }).lean<AuditEntry[]>().cursor();
  for await (const doc of cursor as AsyncIterable<AuditEntry>) {
    entries++;
    const e = { ...doc, at: new Date(doc.at), details: doc.details ?? {} };
    const at = { scope, seq: expectedSeq, id: e._id };
    if (e.seq !== expectedSeq) return { entries, broken: { ...at, reason: 'seq_gap' } };
    if (e.prevHash !== prevHash) return { entries, broken: { ...at, reason: 'prev_hash_mismatch' } };
    const { hash, ...rest } = e;
    if (entryHash(rest) !== hash) return { entries, broken: { ...at, reason: 'hash_mismatch' } };
    prevHash = hash;
    expectedSeq++;
  }
  return { entries };
}

/**
 * Verifies every chain (or one scope): sequence without gaps, each entry linked to the previous
 * hash, each hash recomputed. Reports the first broken link of each broken chain.
 */
export async function verifyAuditChain(options: { scope?: string } = {}): Promise<ChainReport> {
  const scopes: string[] = options.scope ? [options.scope] : ((await AuditEvent.distinct('scope')) as string[]).sort();
  const breaks: ChainBreak[] = [];
  let entries = 0;
  for (const scope of scopes) {
    const result = await verifyScope(scope);
    entries += result.entries;
    if (result.broken) breaks.push(result.broken);
  }
  return { ok: breaks.length === 0, scopes: scopes.length, entries, breaks };
}
