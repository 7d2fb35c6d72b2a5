/**
 * Verifies the audit hash chains and their signed anchors, and names what is broken.
 *   npx tsx workers/cli/verifyAudit.ts [--scope case:<id>|unit:<id>|system] [--json]
 *        [--anchor-key <base64url Ed25519 public key>[,<older key>...]] [--published <saved anchors.json>]
 * The anchor key: --anchor-key (several, comma-separated, after a SERVER_SECRET change), else the
 * one derived from SERVER_SECRET (as the workers sign), else the `publicKey` of the --published
 * copy. Never a key read from the database.
 * Reads MONGODB_URI (and SERVER_SECRET) from the environment.
 * Exit code 0: intact; 1: a chain or an anchor is broken; 2: error. Usage: docs/operations.md.
 */
import fs from 'node:fs';
import mongoose from 'mongoose';
import { cryptoReady } from '../../core/crypto';
import { consoleSecrets } from '../../server/commands/console/serverSecrets';
import { anchorPublicKey } from '../../server/audit/anchors';
import { verifyAuditWithAnchors, type PublishedAnchor } from '../../server/audit/verifyAnchors';

const argOf = (args: string[], name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

function readPublished(file: string): { publicKey?: string; anchors: PublishedAnchor[] } {
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { publicKey?: string; anchors?: PublishedAnchor[] };
  if (!Array.isArray(saved.anchors)) throw new Error(`${file}: no "anchors" list (expected a saved /api/public/stats/anchors.json)`);
  return { publicKey: saved.publicKey, anchors: saved.anchors };
}

function anchorKey(args: string[], published?: { publicKey?: string }): string[] | null {
  const given = argOf(args, '--anchor-key');
  if (given) return given.split(',');
  const nodeEnv = (process.env.NODE_ENV ?? 'production') as 'development' | 'test' | 'production';
  const secrets = consoleSecrets({ SERVER_SECRET: process.env.SERVER_SECRET, NODE_ENV: nodeEnv });
  if (secrets) return [anchorPublicKey(secrets)];
  return published?.publicKey ? [published.publicKey] : null;
}

async function main() {
  const args = process.argv.slice(2);
  const scope = argOf(args, '--scope');
  const publishedFile = argOf(args, '--published');
  const published = publishedFile ? readPublished(publishedFile) : undefined;
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set');
  await cryptoReady();
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    const publicKey = anchorKey(args, published);
    const { chains, anchors } = await verifyAuditWithAnchors({ publicKey, published: published?.anchors, scope });
    if (anchors.anchors > 0 && !publicKey) throw new Error('anchors exist but no anchor key: pass --anchor-key or set SERVER_SECRET');
    const ok = chains.ok && anchors.ok;
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ ...chains, ok, chainsOk: chains.ok, anchors })}\n`);
    else {
      process.stdout.write(`audit: ${chains.scopes} chains, ${chains.entries} entries\n`);
      const latest = anchors.latest ? `, latest #${anchors.latest.seq} at ${anchors.latest.at}` : '';
      process.stdout.write(`anchors: ${anchors.anchors}${latest}; ${anchors.headsChecked} anchored heads checked; ${anchors.publishedChecked} published anchors compared\n`);
      for (const b of chains.breaks) {
        process.stdout.write(`BROKEN ${b.scope} at seq ${b.seq}${b.id ? ` (entry ${b.id})` : ''}: ${b.reason}\n`);
      }
      for (const p of anchors.problems.slice(0, 100)) {
        process.stdout.write(`ANCHOR #${p.anchor}: ${p.reason}${p.scope ? ` (${p.scope} at seq ${p.seq})` : ''}\n`);
      }
      if (anchors.problems.length > 100) process.stdout.write(`... and ${anchors.problems.length - 100} more anchor problems (--json lists all)\n`);
      for (const w of anchors.warnings) process.stdout.write(`WARNING: ${w}\n`);
      process.stdout.write(
        ok ? 'OK: every chain verifies and passes through every anchored head\n' : `FAILED: ${chains.breaks.length} broken chain(s), ${anchors.problems.length} anchor problem(s)\n`,
      );
    }
    process.exitCode = ok ? 0 : 1;
  } finally {
    await mongoose.disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`verifyAudit: ${(err as Error).message}\n`);
  process.exit(2);
});
