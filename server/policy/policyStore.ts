import fs from 'node:fs';
import { ready } from '../../core/crypto/sodium';
import { findUnit, unitKeyByGeneration, verifySignedPolicy, type Policy } from '../../core/policy';
import { unavailable } from '../../core/errors';
import { PolicyVersion } from '../models/PolicyVersion';
import { databaseSilent, withTimeout } from '../infra/mongo';

/** Longer than the driver's socket timeout (30 s): fires only when the driver never answers. */
const REFRESH_TIMEOUT_MS = 40_000;

export type LoadedPolicy = { policy: Policy; signed: unknown };

/**
 * The signed policy versions this deployment knows. Every version is verified against the
 * pinned root key when it enters the store and again when it is read back from the database,
 * because the database is not trusted to vouch for a unit key. Cached per process; `refresh()`
 * picks up versions uploaded through another process.
 */
export class PolicyStore {
  private versions = new Map<number, LoadedPolicy>();
  private lastRefresh = 0;
  /** Unknown versions asked for, and when (byVersion's miss cache). */
  private missedVersions = new Map<number, number>();

  constructor(
    private readonly rootPublicKey: string | undefined,
    private readonly refreshMs = 30_000,
  ) {}

  /** Verifies a signed policy and keeps it in memory at once. Throws PolicyError if bad. */
  async remember(signed: unknown): Promise<Policy> {
    const policy = await this.verify(signed);
    this.versions.set(policy.version, { policy, signed });
    return policy;
  }

  /** Verifies a signed policy and stores it (idempotent per version). Throws PolicyError if bad. */
  async add(signed: unknown): Promise<Policy> {
    const policy = await this.remember(signed);
    await PolicyVersion.updateOne(
      { _id: policy.version },
      { $setOnInsert: { signed, validFrom: new Date(policy.validFrom), validUntil: new Date(policy.validUntil), uploadedAt: new Date() } },
      { upsert: true },
    );
    return policy;
  }

  /** Loads a signed policy file (the demo deployment's, or one given by POLICY_FILE). */
  async addFile(path: string): Promise<Policy> {
    return this.add(JSON.parse(fs.readFileSync(path, 'utf8')));
  }

  /**
   * Re-reads versions from the database, keeping only those whose signature verifies. The
   * requests that find the refresh due while one runs wait for that one (under load, each used
   * to read every version itself: 16 whole reads of ~2 s each in one fault-test run). Only the
   * numbers are listed; a version not yet known is then read by `_id`.
   */
  async refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.lastRefresh < this.refreshMs) return;
    // Bounded like the intake's inserts (infra/insertBatcher.ts): every request waits on this one
    // read, so a read the database never answers must not hold them all for ever.
    this.refreshing ??= withTimeout(this.readNewVersions(), REFRESH_TIMEOUT_MS, databaseSilent).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private refreshing?: Promise<void>;

  private async readNewVersions(): Promise<void> {
    const listed = await PolicyVersion.find({}, { _id: 1 }).lean<{ _id: number }[]>();
    for (const { _id } of listed) {
      if (this.versions.has(_id)) continue;
      const doc = await PolicyVersion.findById(_id).lean<{ _id: number; signed: unknown }>();
      if (!doc) continue;
      try {
        const policy = await this.verify(doc.signed);
        if (policy.version === doc._id) this.versions.set(policy.version, { policy, signed: doc.signed });
      } catch {
        // A version that does not verify is ignored: someone wrote to the database directly.
      }
    }
    this.lastRefresh = Date.now();
  }

  /** The newest version valid now. */
  async current(at = new Date()): Promise<LoadedPolicy> {
    await this.refresh();
    const valid = [...this.versions.values()]
      .filter(({ policy }) => new Date(policy.validFrom) <= at && at < new Date(policy.validUntil))
      .sort((a, b) => b.policy.version - a.policy.version);
    if (!valid[0]) throw unavailable('no_policy', 'No signed policy is installed or valid now.');
    return valid[0];
  }

  /**
   * The policy the clocks of cases already received run on: the newest valid now, else (after
   * every version expired) the newest that ever took effect, marked `expired`. Its calendar
   * then counts weekends only past its years, and the deadlines it gives are flagged unverified
   * (docs/operations.md, "Policy and calendar expiry"). Intake still needs a valid policy.
   */
  async forClocks(at = new Date()): Promise<LoadedPolicy & { expired: boolean }> {
    try {
      return { ...(await this.current(at)), expired: false };
    } catch (error) {
      const started = [...this.versions.values()].filter(({ policy }) => new Date(policy.validFrom) <= at).sort((a, b) => b.policy.version - a.policy.version);
      if (!started[0]) throw error;
      return { ...started[0], expired: true };
    }
  }

  /** Every verified version (newest first), for the expiry warnings. */
  async all(): Promise<LoadedPolicy[]> {
    await this.refresh();
    return [...this.versions.values()].sort((a, b) => b.policy.version - a.policy.version);
  }

  /**
   * A version by number. An unknown number (a stale page, or anyone sending made-up numbers) no
   * longer re-reads every version: that one version is read by `_id` (index-backed), and a miss
   * is remembered for `refreshMs`, so repeating it costs no database read at all.
   */
  async byVersion(version: number): Promise<LoadedPolicy | undefined> {
    const known = this.versions.get(version);
    if (known) return known;
    const missedAt = this.missedVersions.get(version);
    if (missedAt !== undefined && Date.now() - missedAt < this.refreshMs) return undefined;
    const doc = await PolicyVersion.findById(version).lean<{ _id: number; signed: unknown }>();
    try {
      if (doc) {
        const policy = await this.verify(doc.signed);
        if (policy.version === doc._id) this.versions.set(policy.version, { policy, signed: doc.signed });
      }
    } catch {
      // As in refresh(): a stored version that does not verify is ignored.
    }
    const found = this.versions.get(version);
    if (!found) {
      // Bounded: made-up numbers cannot grow the map past a few thousand entries.
      if (this.missedVersions.size >= 4096) this.missedVersions.clear();
      this.missedVersions.set(version, Date.now());
    }
    return found;
  }

  /**
   * The unit key (public key, base64url) of that generation if it belongs to a policy version
   * valid at `at` and no signed version retires it by then; undefined otherwise. A retirement is
   * final: an older version that still lists the key as usable (and is still within its validity
   * dates) does not bring it back, nor does a newer version that forgets the retirement. A
   * generation the newest valid version no longer lists for the unit is retired as well.
   */
  async validUnitKey(unitId: string, generation: number, at = new Date()): Promise<string | undefined> {
    await this.refresh();
    const isValidAt = (policy: Policy) => new Date(policy.validFrom) <= at && at < new Date(policy.validUntil);
    let found: string | undefined;
    for (const { policy } of this.versions.values()) {
      const key = unitKeyByGeneration(policy, unitId, generation);
      if (key?.retiredAt && new Date(key.retiredAt) <= at) return undefined;
      if (key && isValidAt(policy)) found ??= key.publicKey;
    }
    const newest = [...this.versions.values()].filter(({ policy }) => isValidAt(policy)).sort((a, b) => b.policy.version - a.policy.version)[0]?.policy;
    if (newest && findUnit(newest, unitId) && !unitKeyByGeneration(newest, unitId, generation)) return undefined;
    return found;
  }

  private async verify(signed: unknown): Promise<Policy> {
    if (!this.rootPublicKey) throw unavailable('no_root_key', 'ROOT_PUBLIC_KEY is not configured; no policy can be trusted.');
    await ready();
    return verifySignedPolicy(signed, this.rootPublicKey);
  }
}
