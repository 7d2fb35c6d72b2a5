import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { appendAudit, appendCaseAudit } from '../../../server/audit/appendAudit';
import { verifyAuditChain } from '../../../server/audit/verifyAuditChain';
import { AuditEvent } from '../../../server/models/AuditEvent';
import { ROOT, mongoUriFor, uniqueName } from '../../support/testEnv';
import { connectTestDb } from './stack';

const run = promisify(execFile);
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

async function cli(uri: string, ...args: string[]) {
  try {
    const { stdout } = await run(TSX, ['workers/cli/verifyAudit.ts', ...args], { cwd: ROOT, env: { ...process.env, MONGODB_URI: uri } });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe('audit hash chain', () => {
  const uri = mongoUriFor(uniqueName('waudit'));
  beforeAll(async () => {
    await connectTestDb(uri);
    await AuditEvent.init();
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });

  it('keeps one gap-free chain per scope under concurrent appends, and once-keys append once', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit({ scope: 'system', actor: 'system', action: 'tick', details: { i } })));
    const again = await Promise.all([1, 2, 3].map(() => appendCaseAudit('case-a', 'aca@KZ-75', { actor: 'system', action: 'routed', onceKey: 'routed' })));
    expect(new Set(again.map((e) => e._id)).size).toBe(1);
    expect(await AuditEvent.countDocuments({ scope: 'case:case-a' })).toBe(1);
    expect(await AuditEvent.countDocuments({ scope: 'unit:aca@KZ-75', 'details.caseId': 'case-a' })).toBe(1);
    const seqs = (await AuditEvent.find({ scope: 'system' }).lean<{ seq: number }[]>()).map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const report = await verifyAuditChain();
    expect(report).toMatchObject({ ok: true, scopes: 3, entries: 42, breaks: [] });
    const out = await cli(uri);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('OK: every chain verifies');
  });

  it('verifies chains that grow while they are read: an entry appended meanwhile is no break', async () => {
    // The anchor task and the console verify a live system: appends go on during the pass.
    let writing = true;
    const writer = (async () => {
      while (writing) await appendAudit({ scope: 'unit:busy@KZ-10', actor: 'inv-1', action: 'note.added' });
    })();
    const reports = [];
    for (let i = 0; i < 40; i++) reports.push(await verifyAuditChain(i % 2 ? { scope: 'unit:busy@KZ-10' } : {}));
    writing = false;
    await writer;
    expect(reports.flatMap((r) => r.breaks)).toEqual([]);
    // The writer really appended during the passes: later passes saw more entries.
    expect(reports.at(-1)!.entries).toBeGreaterThan(reports[1].entries);
  });

  it('names the first broken link when an entry is altered, removed, or cut off the end', async () => {
    for (let i = 0; i < 5; i++) await appendAudit({ scope: 'unit:ethics@KZ-10', actor: 'inv-1', action: 'case.status', details: { to: 'assessment' } });
    const third = await AuditEvent.findOne({ scope: 'unit:ethics@KZ-10', seq: 3 }).lean<{ _id: string }>();
    await AuditEvent.updateOne({ _id: third!._id }, { $set: { actor: 'inv-2' } });
    expect((await verifyAuditChain()).breaks).toEqual([{ scope: 'unit:ethics@KZ-10', seq: 3, id: third!._id, reason: 'hash_mismatch' }]);
    const out = await cli(uri, '--scope', 'unit:ethics@KZ-10');
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`BROKEN unit:ethics@KZ-10 at seq 3 (entry ${third!._id}): hash_mismatch`);

    await AuditEvent.updateOne({ _id: third!._id }, { $set: { actor: 'inv-1' } });
    expect((await verifyAuditChain({ scope: 'unit:ethics@KZ-10' })).ok).toBe(true);
    await AuditEvent.deleteOne({ scope: 'unit:ethics@KZ-10', seq: 2 });
    expect((await verifyAuditChain()).breaks[0]).toMatchObject({ scope: 'unit:ethics@KZ-10', seq: 2, reason: 'seq_gap' });

    for (let i = 0; i < 3; i++) await appendAudit({ scope: 'system', actor: 'system', action: 'tock' });
    await AuditEvent.deleteOne({ scope: 'system', seq: 43 });
    const cut = await verifyAuditChain({ scope: 'system' });
    expect(cut.breaks).toEqual([{ scope: 'system', seq: 43, reason: 'truncated' }]);
  });
});
