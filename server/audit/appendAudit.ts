import mongoose from 'mongoose';
import { canonicalJson } from '../../core/canonicalJson';
import { AUDIT_GENESIS, auditHash, cryptoReady } from '../../core/crypto';
import { randomId } from '../infra/ids';
import { AuditEvent } from '../models/AuditEvent';

/** Details hold ids, names of states and counts: never case content or anything about a reporter. */
export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

export type AuditInput = {
  /** `case:<caseId>`, `unit:<unitId>` or `system`. */
  scope: string;
  /** 'system' or an investigator id. */
  actor: string;
  action: string;
  details?: AuditDetails;
  /** Defaults to now. System entries caused by a submission pass a rounded time. */
  at?: Date;
  /**
   * Makes the append idempotent: the entry's id is derived from (scope, onceKey), so a job that
   * runs twice (after a crash) finds its entry instead of adding a second one.
   */
  onceKey?: string;
};

export type AuditEntry = {
  _id: string;
  scope: string;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  details: AuditDetails;
  prevHash: string;
  hash: string;
};

/** The hash of an entry: BLAKE2b-256 over the canonical JSON of every field but `hash`. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const { _id, scope, seq, at, actor, action, details, prevHash } = e;
  return auditHash(canonicalJson({ _id, scope, seq, at, actor, action, details, prevHash }));
}

// Appends to one scope from this process go one after another: retries on the unique
// (scope, seq) index then only happen between processes.
const tails = new Map<string, Promise<unknown>>();

function serialised<T>(scope: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(scope) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => {});
  tails.set(scope, tail);
  void tail.then(() => {
    if (tails.get(scope) === tail) tails.delete(scope);
  });
  return run;
}

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * The last seq and hash of each chain, as a hint (`auditHeads`): finding the last entry by a
 * sorted query is a full scan on FerretDB. A missing or stale head only makes the insert collide
 * on the unique (scope, seq) index, and then the chain itself is read.
 */
export const auditHeads = () => mongoose.connection.db!.collection<{ _id: string; seq: number; hash: string }>('auditHeads');

async function lastEntry(scope: string, useHead: boolean): Promise<{ seq: number; hash: string } | null> {
  // No head: a new chain (a new case). If it is not, the insert of seq 1 collides and we read.
  if (useHead) return auditHeads().findOne({ _id: scope });
  return AuditEvent.findOne({ scope }, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean<{ seq: number; hash: string }>();
}

/**
 * Appends an entry to the scope's chain: takes the last entry, inserts seq + 1 linked to its
 * hash; a concurrent writer that took the same seq makes the insert fail on the unique index,
 * and we read the chain again and retry. No transaction needed, on MongoDB or FerretDB.
 */
export async function appendAudit(input: AuditInput): Promise<AuditEntry> {
  await cryptoReady();
  const id = input.onceKey ? `k${auditHash(canonicalJson({ scope: input.scope, once: input.onceKey })).slice(0, 31)}` : randomId();
  return serialised(input.scope, async () => {
    for (let attempt = 0; attempt < 60; attempt++) {
      const last = await lastEntry(input.scope, attempt === 0);
      const draft = {
        _id: id,
        scope: input.scope,
        seq: (last?.seq ?? 0) + 1,
        at: input.at ?? new Date(),
        actor: input.actor,
        action: input.action,
        details: input.details ?? {},
        prevHash: last?.hash ?? AUDIT_GENESIS,
      };
      const entry: AuditEntry = { ...draft, hash: entryHash(draft) };
      try {
        await AuditEvent.create(entry);
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        if (input.onceKey) {
          const existing = await AuditEvent.findById(id).lean<AuditEntry>();
          if (existing) return existing;
        }
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
        continue;
      }
      await auditHeads()
        .updateOne({ _id: input.scope }, { $set: { seq: entry.seq, hash: entry.hash } }, { upsert: true })
        .catch(() => {});
      return entry;
    }
    throw new Error(`audit append to ${input.scope} kept colliding`);
  });
}

/** A case action: appended to the case's chain and to its unit's chain. */
export async function appendCaseAudit(caseId: string, unitId: string | undefined, input: Omit<AuditInput, 'scope'>) {
  const entry = await appendAudit({ ...input, scope: `case:${caseId}`, details: { ...input.details } });
  // A once-key names an event of one case; in the unit's chain it must name the case too.
  const onceKey = input.onceKey && `${caseId}:${input.onceKey}`;
  if (unitId) await appendAudit({ ...input, onceKey, scope: `unit:${unitId}`, details: { caseId, ...input.details } });
  return entry;
}
