import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import mongoose from 'mongoose';
import { AUDIT_GENESIS, cryptoReady, verifyCanonical } from '../../../core/crypto';
import { appendAudit, auditHeads, entryHash, type AuditEntry } from '../../../server/audit/appendAudit';
import { anchorPublicKey, makeAuditAnchor, statementOf } from '../../../server/audit/anchors';
import { verifyAuditChain } from '../../../server/audit/verifyAuditChain';
import { verifyAuditWithAnchors, type PublishedAnchor } from '../../../server/audit/verifyAnchors';
import { consoleSecrets } from '../../../server/commands/console/serverSecrets';
import { createLogger } from '../../../server/logger';
import { AuditEvent } from '../../../server/models/AuditEvent';
import { publicStatsRouter } from '../../../server/routes/publicStats';
import type { WorkerContext } from '../../../workers/context';
import { runAuditAnchor } from '../../../workers/tasks/auditAnchorTask';
import { ROOT, mongoUriFor, uniqueName } from '../../support/testEnv';
import { connectTestDb } from './stack';

/**
 * Issue 13, item 6: the audit chain cannot be rewritten silently. An attacker with write access
 * to the database removes an entry (an identity reveal, say) and recomputes the rest of the
 * chain: the chain check alone passes (as it did before anchors existed); the signed anchors,
 * and a saved copy of the published anchors, catch it. Real FerretDB.
 */
const run = promisify(execFile);
const serverSecret = randomBytes(32).toString('base64url');
const secretsFor = (secret: string) => consoleSecrets({ SERVER_SECRET: secret, NODE_ENV: 'test' })!;

/** What the attacker does: drop one entry, renumber and re-hash the rest, fix the head hint. */
async function rewriteWithout(scope: string, seq: number) {
  const entries = await AuditEvent.find({ scope }).sort({ seq: 1 }).lean<AuditEntry[]>();
  await AuditEvent.deleteMany({ scope });
  let prevHash = AUDIT_GENESIS;
  const kept: AuditEntry[] = [];
  for (const e of entries.filter((x) => x.seq !== seq)) {
    const draft = { _id: e._id, scope, seq: kept.length + 1, at: e.at, actor: e.actor, action: e.action, details: e.details ?? {}, prevHash };
    prevHash = entryHash(draft);
    kept.push({ ...draft, hash: prevHash });
  }
  await AuditEvent.insertMany(kept);
  await auditHeads().updateOne({ _id: scope }, { $set: { seq: kept.length, hash: prevHash } }, { upsert: true });
}

async function caseTrail(caseId: string) {
  for (const action of ['routed', 'case.acknowledged', 'identity.revealed', 'case.status', 'note.added']) {
    await appendAudit({ scope: `case:${caseId}`, actor: 'inv-1', action, details: { to: 'x' } });
  }
}

async function cli(uri: string, ...args: string[]) {
  try {
    const { stdout } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['workers/cli/verifyAudit.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, MONGODB_URI: uri, SERVER_SECRET: serverSecret },
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

/** The open data as an outsider downloads it, over HTTP from the real router. */
async function downloadAnchors(file: 'anchors.json' | 'anchors.csv') {
  const app = express().use(publicStatsRouter({ SERVER_SECRET: serverSecret, NODE_ENV: 'test' }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/public/stats/${file}`);
    expect(res.status).toBe(200);
    return res.text();
  } finally {
    server.close();
  }
}

describe('signed audit anchors', () => {
  const uri = mongoUriFor(uniqueName('wanchor'));
  const secrets = secretsFor(serverSecret);
  const publicKey = () => anchorPublicKey(secrets);
  beforeAll(async () => {
    await cryptoReady();
    await connectTestDb(uri);
  });
  beforeEach(async () => {
    await mongoose.connection.dropDatabase();
    await AuditEvent.init();
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });

  it('an entry removed and the chain recomputed: the chain check alone passes, the anchors fail it', async () => {
    await caseTrail('c0');
    await caseTrail('c1');
    await appendAudit({ scope: 'unit:aca@KZ-75', actor: 'inv-1', action: 'member.added' });

    // Without anchors (before this fix) the rewrite is invisible: every link recomputes.
    await rewriteWithout('case:c0', 3);
    expect(await AuditEvent.countDocuments({ scope: 'case:c0', action: 'identity.revealed' })).toBe(0);
    expect((await verifyAuditChain()).ok).toBe(true);
    expect((await verifyAuditWithAnchors({ publicKey: publicKey() })).anchors).toMatchObject({ ok: true, anchors: 0 });

    // With an anchor signed before the rewrite, the same attack fails verification.
    expect(await makeAuditAnchor(secrets, { now: new Date(), trigger: 'daily' })).toMatchObject({ made: true, seq: 1, heads: 3 });
    const before = await verifyAuditWithAnchors({ publicKey: publicKey() });
    expect(before.chains.ok && before.anchors.ok).toBe(true);
    expect(before.anchors.headsChecked).toBe(3);
    expect((await cli(uri)).code).toBe(0);

    await rewriteWithout('case:c1', 3);
    expect((await verifyAuditChain()).ok).toBe(true); // the chain check alone still passes
    const after = await verifyAuditWithAnchors({ publicKey: publicKey() });
    expect(after.anchors.ok).toBe(false);
    expect(after.anchors.problems).toEqual([{ anchor: 1, reason: 'head_not_found', scope: 'case:c1', seq: 5 }]);

    // Padding the chain back to its old length does not help: the entry there has another hash.
    await appendAudit({ scope: 'case:c1', actor: 'inv-1', action: 'note.added', details: { to: 'x' } });
    const padded = await verifyAuditWithAnchors({ publicKey: publicKey() });
    expect(padded.anchors.problems).toEqual([{ anchor: 1, reason: 'head_mismatch', scope: 'case:c1', seq: 5 }]);
    const out = await cli(uri);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('ANCHOR #1: head_mismatch (case:c1 at seq 5)');
    expect(out.stdout).toContain('FAILED: 0 broken chain(s), 1 anchor problem(s)');
  }, 120_000);

  it('deleting the anchors is caught by a saved copy of the published ones; re-signing them by the key', async () => {
    await caseTrail('c1');
    await makeAuditAnchor(secrets, { now: new Date(), trigger: 'daily' });
    await appendAudit({ scope: 'system', actor: 'system', action: 'tick' });
    await makeAuditAnchor(secrets, { now: new Date(), trigger: 'on_demand' });
    const saved = JSON.parse(await downloadAnchors('anchors.json')) as { publicKey: string; anchors: PublishedAnchor[] };
    expect(saved.anchors.map((a) => a.seq)).toEqual([1, 2]);
    expect((await verifyAuditWithAnchors({ publicKey: saved.publicKey, published: saved.anchors })).anchors.ok).toBe(true);

    // The attacker removes the entry, recomputes the chain and deletes every anchor.
    await rewriteWithout('case:c1', 3);
    for (const c of ['auditAnchors', 'auditAnchorHeads', 'auditAnchorState']) await mongoose.connection.db!.collection(c).deleteMany({});
    const alone = await verifyAuditWithAnchors({ publicKey: publicKey() });
    expect(alone.anchors.ok).toBe(true); // nothing left in the database to contradict...
    expect(alone.anchors.warnings[0]).toContain('no anchors yet');
    const withCopy = await verifyAuditWithAnchors({ publicKey: publicKey(), published: saved.anchors });
    expect(withCopy.anchors.problems.map((p) => p.reason)).toEqual(['published_anchor_missing', 'published_anchor_missing']);

    // ...and re-makes anchors over the rewritten chain with a key of their own.
    const forger = secretsFor(randomBytes(32).toString('base64url'));
    await makeAuditAnchor(forger, { now: new Date(), trigger: 'daily' });
    await makeAuditAnchor(forger, { now: new Date(), trigger: 'on_demand' });
    const forged = await verifyAuditWithAnchors({ publicKey: publicKey(), published: saved.anchors });
    expect(forged.anchors.problems.map((p) => p.reason)).toEqual(['anchor_unknown_key', 'anchor_unknown_key', 'published_anchor_differs', 'published_anchor_differs']);
    // Even a verifier told to trust the forger's key too (several keys: after a SERVER_SECRET change) sees the copies differ.
    const twoKeys = await verifyAuditWithAnchors({ publicKey: [publicKey(), anchorPublicKey(forger)], published: saved.anchors });
    expect(twoKeys.anchors.problems.map((p) => p.reason)).toEqual(['published_anchor_differs', 'published_anchor_differs']);

    // The command does the same with the saved file.
    const file = path.join(ROOT, '.data', `${uniqueName('anchors')}.json`);
    await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(saved)));
    try {
      const out = await cli(uri, '--published', file);
      expect(out.code).toBe(1);
      expect(out.stdout).toContain('ANCHOR #1: published_anchor_differs');
    } finally {
      await import('node:fs/promises').then((fs) => fs.rm(file, { force: true }));
    }
  }, 120_000);

  it('the workers anchor once a UTC day, on demand too, each anchor listing only the chains that moved; racing writers leave one', async () => {
    const clock = { now: new Date('2026-03-01T00:20:00Z') };
    const ctx = {
      env: { RECONCILE_AFTER_SECONDS: 1, WORKER_LOCK_SECONDS: 5, SMTP_FROM: 'cc <cc@localhost>', CONSOLE_URL: undefined, SERVER_SECRET: serverSecret, NODE_ENV: 'test' },
      logger: createLogger('silent', 'test'),
      now: () => clock.now,
    } as unknown as WorkerContext;
    await caseTrail('c1');
    await appendAudit({ scope: 'system', actor: 'system', action: 'tick' });
    expect(await runAuditAnchor(ctx)).toMatchObject({ made: true, seq: 1, day: '2026-03-01', heads: 2 });
    expect(await runAuditAnchor(ctx)).toEqual({ made: false, reason: 'already_today' });
    await appendAudit({ scope: 'system', actor: 'system', action: 'tock' });
    expect(await runAuditAnchor(ctx, 'on_demand')).toMatchObject({ made: true, seq: 2, heads: 1 });
    clock.now = new Date('2026-03-02T00:05:00Z');
    expect(await runAuditAnchor(ctx)).toMatchObject({ made: true, seq: 3, day: '2026-03-02', heads: 0 });
    const race = await Promise.all([1, 2, 3].map(() => makeAuditAnchor(secrets, { now: new Date(), trigger: 'on_demand' })));
    expect(race.filter((r) => r.made)).toHaveLength(1);
    expect(await mongoose.connection.db!.collection('auditAnchors').countDocuments()).toBe(4);
    const report = await verifyAuditWithAnchors({ publicKey: publicKey() });
    expect(report.chains.ok && report.anchors.ok).toBe(true);

    // A worker without a key signs nothing.
    const keyless = { ...ctx, env: { ...ctx.env, SERVER_SECRET: undefined, NODE_ENV: 'production' } } as unknown as WorkerContext;
    expect(await runAuditAnchor(keyless, 'on_demand')).toEqual({ made: false, reason: 'no_key' });
  }, 120_000);

  it('the open data: every statement verifies under the published key, and names no chain or count', async () => {
    await caseTrail('secret-case-id');
    await makeAuditAnchor(secrets, { now: new Date(), trigger: 'daily' });
    await makeAuditAnchor(secrets, { now: new Date(), trigger: 'on_demand' }); // nothing moved in between
    const text = await downloadAnchors('anchors.json');
    const data = JSON.parse(text) as { schema: string; publicKey: string; keyId: string; anchors: (PublishedAnchor & Record<string, unknown>)[] };
    expect(data.schema).toBe('clearchannel-audit-anchors/1');
    expect(data.publicKey).toBe(publicKey());
    for (const a of data.anchors) {
      expect(verifyCanonical(statementOf(a), a.signature, data.publicKey)).toBe(true);
      expect(Object.keys(a).sort()).toEqual(['at', 'day', 'hash', 'headsDigest', 'keyId', 'prevHash', 'purpose', 'seq', 'signature', 'trigger']);
    }
    expect(data.anchors[1].prevHash).toBe(data.anchors[0].hash);
    expect(text).not.toContain('secret-case-id');
    expect(text).not.toContain('case:');
    // A day without audit activity does not publish a recognisable digest.
    expect(data.anchors[1].headsDigest).not.toBe(data.anchors[0].headsDigest);
    const csv = await downloadAnchors('anchors.csv');
    expect(csv.split('\r\n')[0]).toBe('seq,day,at,trigger,prevHash,headsDigest,keyId,hash,signature');
    expect(csv.split('\r\n')[2]).toContain(data.anchors[1].hash);
  }, 120_000);
});
