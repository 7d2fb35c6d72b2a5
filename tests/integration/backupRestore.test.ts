import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { verifyAuditChain } from '../../server/audit/verifyAuditChain';
import { Case } from '../../server/models/Case';
import { readStatus, uploadAttachment } from '../support/reporterClient';
import { ROOT, mongoUriFor, uniqueName } from '../support/testEnv';
import {
  BURST_ROUTINGS,
  BURST_STAFFED_UNITS,
  allRouted,
  connectTestDb,
  manyReports,
  routingInvariants,
  seedMembers,
  startApi,
  startWorkerProcess,
  submitAll,
  testStack,
} from './workers/stack';

const run = promisify(execFile);
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** Runs server/cli/backup.ts or restore.ts against a database; returns the exit code and stderr. */
async function cli(script: 'backup' | 'restore', uri: string, ...args: string[]) {
  try {
    const { stderr } = await run(TSX, [`server/cli/${script}.ts`, ...args], { cwd: ROOT, env: { ...process.env, MONGODB_URI: uri } });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

/** What must survive a move to another database: states, counters, chains, files, indexes. */
async function snapshot() {
  const db = mongoose.connection.db!;
  const cases = await Case.find({}, { status: 1, routeState: 1, unitId: 1, assigneeId: 1 }).sort({ _id: 1 }).lean();
  const files = await db.collection('attachments.files').find({}).sort({ _id: 1 }).toArray();
  const bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: 'attachments' });
  const contents: string[] = [];
  for (const f of files) {
    const parts: Buffer[] = [];
    for await (const part of bucket.openDownloadStream(f._id)) parts.push(part as Buffer);
    contents.push(Buffer.concat(parts).toString('base64'));
  }
  const indexes: Record<string, string[]> = {};
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  expect(names).toEqual(expect.arrayContaining(['cases', 'memberships', 'attachments.files', 'attachments.chunks']));
  for (const name of names) {
    indexes[name] = (await db.collection(name).listIndexes().toArray()).map((i) => i.name as string).sort();
  }
  const { breaks, ...audit } = await verifyAuditChain();
  return { cases, files, contents, indexes, audit, breaks, invariants: await routingInvariants() };
}

// The test's mongoose only reads: no collections or indexes of its own (the API made the originals;
// the restored ones must come from the restore), and no model setup racing a database switch.
mongoose.set('autoCreate', false);
mongoose.set('autoIndex', false);

/** Points the test's mongoose at another database. */
async function switchDb(uri: string) {
  await mongoose.disconnect();
  await connectTestDb(uri);
}

describe('backup and restore (server/cli/backup.ts, restore.ts)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-backup-'));
  const restoredUri = mongoUriFor(uniqueName('restored'));
  let stack: Awaited<ReturnType<typeof testStack>>;
  let before: Awaited<ReturnType<typeof snapshot>>;
  let reports: ReturnType<typeof manyReports>;

  afterAll(async () => {
    for (const uri of [stack?.uri, restoredUri]) {
      if (!uri) continue;
      await switchDb(uri).then(() => mongoose.connection.dropDatabase()).catch(() => {});
    }
    await mongoose.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves a routed deployment with attachments into an empty database: cases open, chains verify, counters right', async () => {
    stack = await testStack('bkp');
    await connectTestDb(stack.uri);
    await seedMembers(BURST_STAFFED_UNITS, 2);
    const api = await startApi(stack.env);
    const workers = await startWorkerProcess(stack.env);
    reports = manyReports(stack.deployment, BURST_ROUTINGS, 6);
    try {
      expect(await submitAll(api.url, reports, 3)).toEqual(reports.map(() => 201));
      const file = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
      expect((await uploadAttachment(api.url, reports[0].secrets, file)).status).toBeLessThan(300);
      expect(await allRouted(6)).toBeTruthy();
    } finally {
      await workers.stop();
      await api.stop();
    }
    before = await snapshot();
    expect(before.cases).toHaveLength(6);
    expect(before.files.length).toBeGreaterThanOrEqual(1);
    expect(before.audit.ok).toBe(true);
    expect(before.invariants.countersWrong).toEqual([]);
    expect(before.invariants.assigned).toBeGreaterThan(0);

    const backupFile = path.join(dir, 'cc.ccb');
    const backup = await cli('backup', stack.uri, '--out', backupFile);
    expect(backup).toMatchObject({ code: 0 });
    expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600);
    const restore = await cli('restore', restoredUri, '--in', backupFile);
    expect(restore.stderr).toMatch(/restore: \d+ collections, \d+ documents restored/);
    expect(restore.code).toBe(0);

    await switchDb(restoredUri);
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(after.breaks).toEqual([]);

    // The restored database serves: the API on it answers each reporter's status (cases open).
    const api2 = await startApi({ ...stack.env, MONGODB_URI: restoredUri });
    try {
      for (const report of reports.slice(0, 3)) {
        const status = await readStatus(api2.url, report.secrets);
        expect(status.status).toBe(200);
      }
    } finally {
      await api2.stop();
    }
  }, 300_000);

  it('refuses a database that is not empty, and a truncated backup changes nothing', async () => {
    const backupFile = path.join(dir, 'cc.ccb');
    const again = await cli('restore', restoredUri, '--in', backupFile);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('restore_target_not_empty');

    const cut = path.join(dir, 'cut.ccb');
    const text = fs.readFileSync(backupFile, 'utf8');
    // A copy that stopped at a line's end: every record parses, the end record is missing.
    fs.writeFileSync(cut, text.slice(0, text.lastIndexOf('\n', Math.floor(text.length * 0.8)) + 1));
    const emptyUri = mongoUriFor(uniqueName('cut'));
    const truncated = await cli('restore', emptyUri, '--in', cut);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toContain('backup_truncated');
    await switchDb(emptyUri);
    const collections = await mongoose.connection.db!.listCollections().toArray();
    const docs = await Promise.all(collections.map((c) => mongoose.connection.db!.collection(c.name).countDocuments()));
    expect(docs.reduce((a, b) => a + b, 0)).toBe(0);
    await mongoose.connection.dropDatabase().catch(() => {});
  }, 120_000);
});
