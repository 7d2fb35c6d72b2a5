import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cryptoReady, generateBoxKeyPair, generateSigningKeyPair, signCanonical, rootKeyId, toB64u, type BoxKeyPair } from '../../core/crypto';
import { parsePolicySource, type Policy } from '../../core/policy';
import { ROOT } from './testEnv';

/** A whole deployment made in memory for a test: root key, a key per unit, a signed policy. */
export type TestDeployment = {
  rootPublicKey: string;
  rootSecretKey: Uint8Array;
  policy: Policy;
  signed: { format: 'cc-signed-policy/1'; policy: unknown; signature: { alg: 'Ed25519'; keyId: string; value: string } };
  /** Unit id → its X25519 key pair (generation 1). */
  unitKeys: Map<string, BoxKeyPair>;
  /** Unit id → its standby key pair (generation 2), for the units asked for in `standbyUnits`. */
  standbyKeys: Map<string, BoxKeyPair>;
  /** The signed policy written to a file, for POLICY_FILE. */
  policyFile: string;
  /** Env for server/worker processes that trust this deployment. */
  env: Record<string, string>;
};

/** Signs a policy source the way the keys CLI does (with the deployment's root key unless another is given). */
export function signPolicySource(source: unknown, root: { secretKey: Uint8Array; publicKey: string }) {
  return {
    format: 'cc-signed-policy/1' as const,
    policy: source,
    signature: { alg: 'Ed25519' as const, keyId: rootKeyId(root.publicKey), value: signCanonical(source, root.secretKey) },
  };
}

/**
 * Builds a deployment from the default Kazakhstan policy source with fresh keys, signs it the
 * way the keys CLI does, and writes it to a temp file. `mutate` may change the source first.
 */
export async function createTestDeployment(mutate?: (source: Record<string, any>) => void, options: { standbyUnits?: string[] } = {}): Promise<TestDeployment> {
  await cryptoReady();
  const source = JSON.parse(fs.readFileSync(path.join(ROOT, 'keys/policies/kz.source.json'), 'utf8'));
  const now = Date.now();
  source.validFrom = new Date(now - 24 * 3600_000).toISOString();
  source.validUntil = new Date(now + 365 * 24 * 3600_000).toISOString();
  const unitKeys = new Map<string, BoxKeyPair>();
  for (const unit of source.units) {
    const pair = generateBoxKeyPair();
    unitKeys.set(unit.id, pair);
    unit.keys = [{ generation: 1, publicKey: toB64u(pair.publicKey), createdAt: new Date(now - 3600_000).toISOString() }];
  }
  const standbyKeys = new Map<string, BoxKeyPair>();
  for (const unitId of options.standbyUnits ?? []) {
    const pair = generateBoxKeyPair();
    standbyKeys.set(unitId, pair);
    source.units.find((u: { id: string }) => u.id === unitId).keys.push({ generation: 2, publicKey: toB64u(pair.publicKey), createdAt: new Date(now - 3600_000).toISOString(), standby: true });
  }
  mutate?.(source);
  const root = generateSigningKeyPair();
  const rootPublicKey = toB64u(root.publicKey);
  const signed = signPolicySource(source, { secretKey: root.secretKey, publicKey: rootPublicKey });
  const policyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-policy-')), 'policy.signed.json');
  fs.writeFileSync(policyFile, JSON.stringify(signed));
  return {
    rootPublicKey,
    rootSecretKey: root.secretKey,
    policy: parsePolicySource(source),
    signed,
    unitKeys,
    standbyKeys,
    policyFile,
    env: { ROOT_PUBLIC_KEY: rootPublicKey, POLICY_FILE: policyFile },
  };
}
