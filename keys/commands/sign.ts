import fs from 'node:fs';
import { toB64u, signCanonical, keyIdOf } from '../../core/crypto';
import { currentUnitKey, parsePolicySource, verifySignedPolicy } from '../../core/policy';
import { prettyJson, readJsonFile, stringOption, writeFileAtomic, type Command } from '../cliSupport';
import { unlockStore } from '../keyStore';
import { readPassphrase } from '../passphrase';

/** Validates a policy source and signs canonicalJson(policy) with the root key. */
export const sign: Command = {
  name: 'sign',
  summary: 'validate a policy source and sign it with the root key',
  usage: 'sign --dir DIR --in policy.source.json --out policy.signed.json',
  details: `Checks the source against the cc-policy/1 schema and its cross-references (every
problem is listed), signs canonicalJson(policy) with Ed25519, verifies the result with the root
public key, then writes { "format": "cc-signed-policy/1", "policy", "signature": { "alg",
"keyId", "value" } }. Units without a key are reported: no report can be sealed to them.`,
  options: { dir: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' } },
  required: ['dir', 'in', 'out'],
  async run(values) {
    const dir = stringOption(values, 'dir');
    const input = stringOption(values, 'in');
    const out = stringOption(values, 'out');
    const source = readJsonFile(input, 'policy source');
    const policy = parsePolicySource(source); // PolicyError lists every problem; nothing is signed
    const store = unlockStore(dir, await readPassphrase());
    const rootPublicKey = toB64u(store.root.publicKey);
    const signed = {
      format: 'cc-signed-policy/1',
      policy: source,
      signature: { alg: 'Ed25519', keyId: keyIdOf(store.root.publicKey), value: signCanonical(source, store.root.secretKey) },
    };
    verifySignedPolicy(JSON.parse(JSON.stringify(signed)), rootPublicKey);
    writeFileAtomic(out, prettyJson(signed), fs.existsSync(out) ? fs.statSync(out).mode & 0o777 : 0o644);
    const keyless = policy.units.filter((u) => !currentUnitKey(policy, u.id)).map((u) => u.id); // a standby key alone seals nothing
    console.log(`Signed ${policy.deploymentId} version ${policy.version} (${policy.units.length} units) with root key ${signed.signature.keyId} → ${out}`);
    if (keyless.length) console.error(`warning: ${keyless.length} units have no current key: ${keyless.slice(0, 10).join(', ')}${keyless.length > 10 ? ', …' : ''}`);
  },
};
