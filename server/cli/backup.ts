/**
 * Backup of the whole database (every collection, GridFS attachments included) with the
 * driver, in the `cc-backup/1` format (server/cli/backupStream.ts). Writes to --out or stdout:
 *   node dist/server/cli/backup.js --out /backups/cc-2026-12-02.ccb
 *   docker-compose exec -T server node dist/server/cli/backup.js > cc-2026-12-02.ccb
 * Run it while the stack runs: each collection is read in one pass; a report submitted during
 * the backup may be in it or not, as with any online copy (its upload chunks are checked).
 * The file holds what the database holds (ciphertext, rounded times): keep it like the database.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { loadEnvOrExit } from '../config/env';
import { connectMongo } from '../infra/mongo';
import { BackupError, writeBackup } from './backupStream';

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write('usage: backup [--out FILE]   (stdout without --out)\n');
    return;
  }
  const env = loadEnvOrExit();
  await connectMongo(env.MONGODB_URI);
  const tmp = values.out ? `${values.out}.partial` : undefined;
  const out = tmp ? fs.createWriteStream(tmp, { mode: 0o600 }) : process.stdout;
  try {
    const { counts, gridfs } = await writeBackup(mongoose.connection.db!, out);
    if (tmp) {
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      fs.renameSync(tmp, values.out!); // a file under the final name is always complete
    }
    const docs = Object.values(counts).reduce((a, b) => a + b, 0);
    process.stderr.write(`backup: ${Object.keys(counts).length} collections, ${docs} documents, ${Object.values(gridfs).reduce((a, b) => a + b, 0)} GridFS files${values.out ? ` → ${values.out}` : ''}\n`);
  } catch (err) {
    if (tmp) fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    await mongoose.disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`backup: ${err instanceof BackupError ? `${err.code}: ` : ''}${(err as Error).message}\n`);
  process.exit(1);
});
