/**
 * One-off migration (issue 13, docs/operations.md): wraps every investigator's `keysByPassword`
 * stored before the server's at-rest layer existed, so the database no longer holds a blob that
 * a password guess can be tested against. Sign-in wraps such a blob too; this does it at once for
 * accounts nobody signs in to. Idempotent.
 *   npx tsx workers/cli/wrapStoredKeys.ts
 * Reads MONGODB_URI and SERVER_SECRET (as the API does). Exit code 0: done; 2: error.
 */
import mongoose from 'mongoose';
import { parseEnv } from '../../server/config/env';
import { cryptoReady } from '../../core/crypto';
import { requireConsoleSecrets } from '../../server/commands/console/serverSecrets';
import { wrapAllLegacyBlobs } from '../../server/commands/console/keysAtRest';

async function main() {
  const env = parseEnv(process.env);
  await cryptoReady();
  const secrets = requireConsoleSecrets(env);
  await mongoose.connect(env.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
  try {
    const { wrapped } = await wrapAllLegacyBlobs(secrets);
    process.stdout.write(`wrapped ${wrapped} password-locked key blob(s)\n`);
  } finally {
    await mongoose.disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`wrapStoredKeys: ${(err as Error).message}\n`);
  process.exit(2);
});
