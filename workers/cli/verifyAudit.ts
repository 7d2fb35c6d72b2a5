/**
 * Verifies the audit hash chains and names the first broken link of each broken chain.
 *   npx tsx workers/cli/verifyAudit.ts [--scope case:<id>|unit:<id>|system] [--json]
 * Reads MONGODB_URI from the environment. Exit code 0: intact; 1: a chain is broken; 2: error.
 */
import mongoose from 'mongoose';
import { verifyAuditChain } from '../../server/audit/verifyAuditChain';

async function main() {
  const args = process.argv.slice(2);
  const scopeAt = args.indexOf('--scope');
  const scope = scopeAt >= 0 ? args[scopeAt + 1] : undefined;
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set');
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    const report = await verifyAuditChain({ scope });
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      process.stdout.write(`audit: ${report.scopes} chains, ${report.entries} entries\n`);
      for (const b of report.breaks) {
        process.stdout.write(`BROKEN ${b.scope} at seq ${b.seq}${b.id ? ` (entry ${b.id})` : ''}: ${b.reason}\n`);
      }
      process.stdout.write(report.ok ? 'OK: every chain verifies\n' : `FAILED: ${report.breaks.length} broken chain(s)\n`);
    }
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await mongoose.disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`verifyAudit: ${(err as Error).message}\n`);
  process.exit(2);
});
