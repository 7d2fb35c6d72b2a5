/**
 * Bootstrap: creates the first administrator's one-time activation link (there is no account
 * yet that could invite anyone). Run on the server host:
 *   npx tsx server/cli/createAdmin.ts --username admin --name "Administrator" [--base-url https://cc.example]
 * If the account exists and was never activated, a new link replaces the old one; an active
 * account is left alone (use the console's reset for that). Prints the link on stdout.
 */
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { loadEnvOrExit } from '../config/env';
import { connectMongo } from '../infra/mongo';
import { Investigator } from '../models/Investigator';
import { inviteAccount, inviteLink, issueInvite } from '../commands/console/inviteIssuer';

async function main() {
  const { values } = parseArgs({
    options: { username: { type: 'string', default: 'admin' }, name: { type: 'string', default: 'Administrator' }, 'base-url': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write('usage: createAdmin [--username admin] [--name "Administrator"] [--base-url URL]\n');
    return;
  }
  const env = loadEnvOrExit();
  const username = String(values.username);
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) throw new Error('--username: lower-case letters, digits, ".", "-", "_" (3..64)');
  const baseUrl = values['base-url'] ?? env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`;
  await connectMongo(env.MONGODB_URI);
  try {
    const existing = await Investigator.findOne({ username }, { state: 1, role: 1 }).lean<{ _id: string; state: string; role: string }>();
    let token: string;
    if (!existing) {
      token = (await inviteAccount({ username, displayName: String(values.name), role: 'admin' }, 'cli', env.INVITE_TTL_HOURS)).token;
    } else if (existing.state === 'invited' && existing.role === 'admin') {
      token = await issueInvite(existing._id, 'activate', 'cli', env.INVITE_TTL_HOURS);
    } else {
      process.stderr.write(`account "${username}" already exists (${existing.state}, ${existing.role}); nothing to do\n`);
      return;
    }
    process.stderr.write(`one-time activation link for "${username}" (valid ${env.INVITE_TTL_HOURS} h):\n`);
    process.stdout.write(`${inviteLink(baseUrl, token)}\n`);
  } finally {
    await mongoose.disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`createAdmin: ${(err as Error).message}\n`);
  process.exit(1);
});
