import fs from 'node:fs';
import path from 'node:path';
import {
  boxKeyPairFromSecretKey,
  cryptoReady,
  decryptKeyFileSecret,
  deriveCustodianKey,
  type BoxKeyPair,
  type CustodianKey,
  type Envelope,
  type PassphraseKdf,
} from '../../core/crypto';
import { verifySignedPolicy, type Policy } from '../../core/policy';
import { ROOT } from './testEnv';

/**
 * The demo deployment that `npm test` creates in .data/demo-keys (scripts/demo-deployment.sh,
 * keys CLI) and whose root key is pinned into the built client. Browser tests must run the
 * server with this policy, or the portal (rightly) refuses to work.
 */
export const DEMO_DIR = path.join(ROOT, '.data/demo-keys');
export const DEMO_PASSPHRASE = process.env.CC_KEYS_PASSPHRASE || 'demo-only-passphrase-not-secret';

export type DemoDeployment = {
  rootPublicKey: string;
  policy: Policy;
  policyFile: string;
  /** Env for server/worker processes that serve this deployment's policy. */
  env: Record<string, string>;
  /** The unit's key pair of a generation (default: the policy's current one), decrypted from its key file. */
  unitKeyPair: (unitId: string, generation?: number) => BoxKeyPair;
};

type UnitKeyFile = { format: string; unitId: string; generation: number; publicKey: string; kdf: PassphraseKdf; secret: Envelope };

export async function loadDemoDeployment(): Promise<DemoDeployment> {
  await cryptoReady();
  const rootFile = path.join(DEMO_DIR, 'root.pub');
  const policyFile = path.join(DEMO_DIR, 'policy.signed.json');
  if (!fs.existsSync(rootFile) || !fs.existsSync(policyFile)) {
    throw new Error(`${DEMO_DIR} has no demo deployment: run "bash scripts/demo-deployment.sh" then "npm run build:client" (npm test does both).`);
  }
  const rootPublicKey = fs.readFileSync(rootFile, 'utf8').trim();
  const policy = verifySignedPolicy(JSON.parse(fs.readFileSync(policyFile, 'utf8')), rootPublicKey);
  // One Argon2id derivation per directory salt (all files of a key directory share it).
  const custodianKeys = new Map<string, CustodianKey>();
  const unitKeyPair = (unitId: string, generation?: number): BoxKeyPair => {
    const gen = generation ?? policy.units.find((u) => u.id === unitId)?.keys.filter((k) => !k.retiredAt && !k.standby).sort((a, b) => b.generation - a.generation)[0]?.generation;
    if (!gen) throw new Error(`unit ${unitId} has no key in the demo policy`);
    const file = JSON.parse(fs.readFileSync(path.join(DEMO_DIR, 'units', unitId, `gen-${gen}.key.json`), 'utf8')) as UnitKeyFile;
    let key = custodianKeys.get(file.kdf.salt);
    if (!key) custodianKeys.set(file.kdf.salt, (key = deriveCustodianKey(DEMO_PASSPHRASE, file.kdf)));
    const secret = decryptKeyFileSecret(key, file.secret, ['unit', file.unitId, String(file.generation), file.publicKey]);
    return boxKeyPairFromSecretKey(secret);
  };
  return { rootPublicKey, policy, policyFile, env: { ROOT_PUBLIC_KEY: rootPublicKey, POLICY_FILE: policyFile }, unitKeyPair };
}

/** True if the built client pins this deployment's root key (else the portal refuses the policy). */
export function clientPinsDemoKey(rootPublicKey: string): boolean {
  const dist = path.join(ROOT, 'client/dist/assets');
  if (!fs.existsSync(dist)) return false;
  return fs.readdirSync(dist).some((f) => f.endsWith('.js') && fs.readFileSync(path.join(dist, f), 'utf8').includes(rootPublicKey));
}
