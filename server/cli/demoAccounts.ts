/**
 * DEMO ONLY (`npm start`): creates, once, console accounts that can read the demo's reports at
 * once — activated, with TOTP, members of the units the demo report choices reach, holding the
 * unit keys (granted with the custodian's key directory .data/demo-keys, as `keys grant` does,
 * and stored through the same check as an administrator's upload). Prints user names, passwords
 * and TOTP secrets. Refused under NODE_ENV=production and for any deployment but the demo one.
 *   npx tsx server/cli/demoAccounts.ts            create what is missing, print the accounts
 *   npx tsx server/cli/demoAccounts.ts code USER  print USER's current one-time code
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { authenticator } from 'otplib';
import { cryptoReady, derivePasswordKeys, generateInvestigatorKeys, generateRecoveryKey, grantUnitKey, lockInvestigatorKeys, newPasswordSalt, toB64u } from '../../core/crypto';
import { activeKeyFile, listUnitKeys, openUnitKey, unlockStore } from '../../keys/keyStore';
import { loadEnvOrExit, type Env } from '../config/env';
import { connectMongo } from '../infra/mongo';
import { Investigator } from '../models/Investigator';
import { Membership } from '../models/Membership';
import { PolicyStore } from '../policy/policyStore';
import { activateAccount, readInvite } from '../commands/console/accountActivator';
import { inviteAccount } from '../commands/console/inviteIssuer';
import { addMember } from '../commands/console/membershipManager';
import { consoleSecrets } from '../commands/console/serverSecrets';
import { storeUnitKeyGrant } from '../commands/console/unitKeyGranter';

const DEMO_DIR = '.data/demo-keys';
const DEMO_PASSPHRASE = process.env.CC_KEYS_PASSPHRASE || 'demo-only-passphrase-not-secret';
/** A public demo value, printed by `npm start`: these accounts guard nothing. */
export const DEMO_PASSWORD = 'demo-password-not-secret';
const REGION = 'KZ-75';
const KINDS = ['aca', 'afm', 'fin_control', 'competition', 'ethics', 'prosecutor', 'compliance'];

/**
 * The demo staff: the national triage desk (every report is also sealed to it) and the Almaty
 * city one; one unit of each other kind in Almaty city (the region the walkthrough picks); a
 * supervisor over all of Almaty's units.
 */
export const DEMO_ACCOUNTS = [
  { username: 'demo.triage', displayName: 'Demo triage officer', role: 'investigator', units: [`triage@KZ`, `triage@${REGION}`] },
  { username: 'demo.investigator', displayName: 'Demo investigator', role: 'investigator', units: KINDS.map((k) => `${k}@${REGION}`) },
  { username: 'demo.supervisor', displayName: 'Demo supervisor', role: 'supervisor', units: [`triage@${REGION}`, ...KINDS.map((k) => `${k}@${REGION}`)] },
] as const;

type Account = { _id: string; username: string; state: string; role: string; totpSecret?: string; boxPublicKey?: string };

/** Stops unless this is the local demo deployment (never production, never another root key). */
function refuseUnlessDemo(env: Env) {
  if (env.NODE_ENV === 'production') throw new Error('refused: demo accounts are never created under NODE_ENV=production');
  const demoRoot = path.join(DEMO_DIR, 'root.pub');
  const demoKey = fs.existsSync(demoRoot) ? fs.readFileSync(demoRoot, 'utf8').trim() : undefined;
  if (!demoKey || env.ROOT_PUBLIC_KEY !== demoKey || !env.POLICY_FILE) {
    throw new Error(`refused: only for the demo deployment (ROOT_PUBLIC_KEY must be ${demoRoot} and POLICY_FILE set, as scripts/start.sh does)`);
  }
}

/** Invites and activates one account the way the activation page does, in this process. */
async function activate(env: Env, spec: (typeof DEMO_ACCOUNTS)[number]): Promise<void> {
  const secrets = consoleSecrets(env)!;
  const existing = await Investigator.findOne({ username: spec.username }).lean<Account>();
  if (existing?.state === 'active') return;
  if (existing) throw new Error(`account ${spec.username} exists but is ${existing.state}; remove .data (demo data) or reset it in the console`);
  const { token } = await inviteAccount({ username: spec.username, displayName: spec.displayName, role: spec.role }, 'demo', env.INVITE_TTL_HOURS);
  const { totpSecret } = await readInvite(token);
  const authSalt = newPasswordSalt();
  const { authKey, encKey } = derivePasswordKeys(DEMO_PASSWORD, authSalt);
  const keys = lockInvestigatorKeys(generateInvestigatorKeys(), encKey, generateRecoveryKey().bytes);
  // A code of the PREVIOUS 30 s step (accepted: one step of drift), so the person's first
  // sign-in with the current code is not refused as a replay of this one.
  const totp = authenticator.clone({ epoch: Date.now() - 30_000 }).generate(totpSecret);
  await activateAccount({ token, authSalt, authKey: toB64u(authKey), keys, totp }, secrets);
}

/** Adds the memberships and grants the unit keys that are missing. */
async function staff(policies: PolicyStore, spec: (typeof DEMO_ACCOUNTS)[number], store: () => ReturnType<typeof unlockStore>) {
  const account = (await Investigator.findOne({ username: spec.username }).lean<Account>())!;
  for (const unitId of spec.units) {
    let member = await Membership.findOne({ unitId, investigatorId: account._id, active: true }).lean<{ grants: { generation: number }[] }>();
    if (!member) {
      await addMember(policies, 'demo', unitId, account._id, spec.role === 'supervisor' ? 'supervisor' : 'member');
      member = { grants: [] };
    }
    const file = activeKeyFile(listUnitKeys(DEMO_DIR, unitId));
    if (!file) throw new Error(`${DEMO_DIR} holds no key for ${unitId}: run scripts/demo-deployment.sh`);
    if (member.grants.some((g) => g.generation === file.generation)) continue;
    const secretKey = openUnitKey(store(), file);
    try {
      const wrap = grantUnitKey(secretKey, Buffer.from(account.boxPublicKey!, 'base64url'));
      await storeUnitKeyGrant(policies, { unitId, investigatorId: account._id }, file.generation, { v: 1, alg: 'x25519-sealedbox', purpose: 'unit-key', recipientKeyId: wrap.recipientKeyId, sealed: wrap.sealed }, 'custodian:demo');
    } finally {
      secretKey.fill(0);
    }
  }
}

/**
 * In a new terminal (README step 3) nothing is set: take the local demo's settings, as
 * scripts/start.sh does, for the variables that are unset. Anything set stays, so a production
 * or foreign deployment is still refused below.
 */
function demoDefaults() {
  const services = '.data/services.env';
  if (fs.existsSync(services)) {
    for (const line of fs.readFileSync(services, 'utf8').split('\n')) {
      const m = /^export (\w+)='(.*)'$/.exec(line.trim());
      if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
    }
  }
  const root = path.join(DEMO_DIR, 'root.pub');
  if (process.env.ROOT_PUBLIC_KEY === undefined && fs.existsSync(root)) process.env.ROOT_PUBLIC_KEY = fs.readFileSync(root, 'utf8').trim();
  process.env.POLICY_FILE ??= path.join(DEMO_DIR, 'policy.signed.json');
}

async function main(argv: string[]) {
  demoDefaults();
  const env = loadEnvOrExit();
  refuseUnlessDemo(env);
  await cryptoReady();
  await connectMongo(env.MONGODB_URI);
  try {
    if (argv[0] === 'code') {
      const account = await Investigator.findOne({ username: argv[1] ?? '' }).lean<Account>();
      if (!account?.totpSecret || !DEMO_ACCOUNTS.some((a) => a.username === account.username)) throw new Error(`no demo account "${argv[1] ?? ''}"`);
      process.stdout.write(`${authenticator.generate(account.totpSecret)}\n`);
      return;
    }
    const policies = new PolicyStore(env.ROOT_PUBLIC_KEY);
    await policies.addFile(env.POLICY_FILE!);
    let unlocked: ReturnType<typeof unlockStore> | undefined;
    const store = () => (unlocked ??= unlockStore(DEMO_DIR, DEMO_PASSPHRASE));
    for (const spec of DEMO_ACCOUNTS) {
      await activate(env, spec);
      await staff(policies, spec, store);
    }
    const rows = await Investigator.find({ username: { $in: DEMO_ACCOUNTS.map((a) => a.username) } }).lean<Account[]>();
    for (const spec of DEMO_ACCOUNTS) {
      const row = rows.find((r) => r.username === spec.username)!;
      process.stdout.write(`  ${spec.username.padEnd(18)} password ${DEMO_PASSWORD}   TOTP secret ${row.totpSecret}   (${spec.role}: ${spec.units.join(', ')})\n`);
    }
  } finally {
    await mongoose.disconnect();
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`demoAccounts: ${(err as Error).message}\n`);
  process.exit(1);
});
