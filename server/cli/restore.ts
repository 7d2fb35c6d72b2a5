/**
 * Restores a `cc-backup/1` file (server/cli/backup.ts) into an EMPTY database (MONGODB_URI):
 *   node dist/server/cli/restore.js --in /backups/cc-2026-12-02.ccb
 *   docker-compose exec -T server node dist/server/cli/restore.js < cc-2026-12-02.ccb
 * Stop the API and workers first (or point MONGODB_URI at the new database), restore, then start
 * them with the SAME SERVER_SECRET (console passwords are checked with it) and ROOT_PUBLIC_KEY.
 * Redis needs no restore: the workers re-queue unrouted cases, the API rebuilds its inbox rows.
 * Exit 1 with a code (restore_target_not_empty, backup_truncated, ...) when it cannot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { loadEnvOrExit } from '../config/env';
import { connectMongo } from '../infra/mongo';
import { BackupError, restoreBackup } from './backupStream';

/** Copies stdin to a new private temp file (mode 0600 in a 0700 folder) and returns its path. */
async function spoolStdin(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-restore-'));
  const file = path.join(dir, 'backup.ccb');
  await pipeline(process.stdin, fs.createWriteStream(file, { mode: 0o600 }));
  return file;
}

async function main() {
  const { values } = parseArgs({ options: { in: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write('usage: restore [--in FILE]   (stdin without --in)\n');
    return;
  }
  const env = loadEnvOrExit();
  await connectMongo(env.MONGODB_URI);
  try {
    // The restore reads the backup twice (check, then write): stdin is kept in a private file first.
    const file = values.in ?? (await spoolStdin());
    const { counts } = await restoreBackup(mongoose.connection.db!, () => fs.createReadStream(file)).finally(() => {
      if (!values.in) fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });
    const docs = Object.values(counts).reduce((a, b) => a + b, 0);
    process.stderr.write(`restore: ${Object.keys(counts).length} collections, ${docs} documents restored\n`);
  } finally {
    await mongoose.disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`restore: ${err instanceof BackupError ? `${err.code}: ` : ''}${(err as Error).message}\n`);
  process.exit(1);
});
