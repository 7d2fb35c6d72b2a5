/**
 * Signing and verifying audit anchors over a large trail: time per phase.
 *
 *   source .data/services.env && npx tsx bench/auditAnchors.bench.ts [chains] [entriesPerChain]
 *
 * Writes `chains` chains of `entriesPerChain` entries each (valid hashes, insertMany) into a
 * scratch database of its own, then: the first anchor (every chain moved), a second one after
 * 1 % of the chains moved (only those listed), and the verifier (the chain pass plus every
 * anchored head). Prints wall times and the heads listed. Drops the scratch database at the end.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { AUDIT_GENESIS, cryptoReady } from '../core/crypto';
import { entryHash, type AuditEntry } from '../server/audit/appendAudit';
import { anchorPublicKey, makeAuditAnchor } from '../server/audit/anchors';
import { verifyAuditWithAnchors } from '../server/audit/verifyAnchors';
import { consoleSecrets } from '../server/commands/console/serverSecrets';
import { AuditEvent } from '../server/models/AuditEvent';
import { mongoUriFor, uniqueName } from '../tests/support/testEnv';

const CHAINS = Number(process.argv[2] ?? 5_000);
const PER_CHAIN = Number(process.argv[3] ?? 6);

function chain(scope: string, from: number, count: number, prevHash: string): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let seq = from; seq < from + count; seq++) {
    const draft = { _id: randomBytes(12).toString('base64url'), scope, seq, at: new Date(1_767_225_600_000 + seq * 60_000), actor: 'inv-1', action: 'case.status', details: { to: 'assessment' }, prevHash };
    prevHash = entryHash(draft);
    out.push({ ...draft, hash: prevHash });
  }
  return out;
}

const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const value = await fn();
  process.stdout.write(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return value;
};

async function main() {
  await cryptoReady();
  const secrets = consoleSecrets({ SERVER_SECRET: randomBytes(32).toString('base64url'), NODE_ENV: 'test' })!;
  await mongoose.connect(mongoUriFor(uniqueName('benchanchor')));
  try {
    await AuditEvent.init();
    const heads = new Map<string, string>();
    await timed(`insert ${CHAINS} chains × ${PER_CHAIN} entries`, async () => {
      let batch: AuditEntry[] = [];
      for (let c = 0; c < CHAINS; c++) {
        const entries = chain(`case:c${c}`, 1, PER_CHAIN, AUDIT_GENESIS);
        heads.set(`case:c${c}`, entries.at(-1)!.hash);
        batch.push(...entries);
        if (batch.length >= 5_000) (await AuditEvent.insertMany(batch), (batch = []));
      }
      if (batch.length) await AuditEvent.insertMany(batch);
    });
    const first = await timed('first anchor (every chain listed)', () => makeAuditAnchor(secrets, { now: new Date(), trigger: 'on_demand' }));
    process.stdout.write(`  heads listed: ${first.made ? first.heads : 0}\n`);
    const moved = Math.max(1, Math.floor(CHAINS / 100));
    for (let c = 0; c < moved; c++) await AuditEvent.insertMany(chain(`case:c${c}`, PER_CHAIN + 1, 1, heads.get(`case:c${c}`)!));
    const second = await timed(`second anchor (${moved} chains moved)`, () => makeAuditAnchor(secrets, { now: new Date(), trigger: 'on_demand' }));
    process.stdout.write(`  heads listed: ${second.made ? second.heads : 0}\n`);
    const report = await timed('verify chains and anchors', () => verifyAuditWithAnchors({ publicKey: anchorPublicKey(secrets) }));
    process.stdout.write(`  entries ${report.chains.entries}, anchored heads checked ${report.anchors.headsChecked}, ok ${report.chains.ok && report.anchors.ok}\n`);
  } finally {
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  }
}

void main();
