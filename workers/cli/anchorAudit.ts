/**
 * Signs an audit anchor now (on demand; the workers make one a day), or prints the anchor public
 * key to publish and pin.
 *   npx tsx workers/cli/anchorAudit.ts            # make an anchor now
 *   npx tsx workers/cli/anchorAudit.ts --public-key
 * Reads MONGODB_URI and SERVER_SECRET (as the workers do). Exit code 0: done; 2: error.
 */
import mongoose from 'mongoose';
import { cryptoReady } from '../../core/crypto';
import { parseEnv } from '../../server/config/env';
import { requireConsoleSecrets } from '../../server/commands/console/serverSecrets';
import { anchorPublicKey, makeAuditAnchor } from '../../server/audit/anchors';

async function main() {
  const env = parseEnv(process.env);
  await cryptoReady();
  const secrets = requireConsoleSecrets(env);
  if (process.argv.includes('--public-key')) return void process.stdout.write(`${anchorPublicKey(secrets)}\n`);
  await mongoose.connect(env.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
  try {
    const result = await makeAuditAnchor(secrets, { now: new Date(), trigger: 'on_demand' });
    if (!result.made) throw new Error(`no anchor made (${result.reason}); try again`);
    process.stdout.write(`anchor #${result.seq} signed (${result.day}): ${result.heads} chain heads moved${result.brokenChains ? `; ${result.brokenChains} BROKEN chain(s): run workers/cli/verifyAudit.ts` : ''}\n`);
  } finally {
    await mongoose.disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`anchorAudit: ${(err as Error).message}\n`);
  process.exit(2);
});
