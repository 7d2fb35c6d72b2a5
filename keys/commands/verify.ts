import { rootKeyId } from '../../core/crypto';
import { currentUnitKey, standbyUnitKey, verifySignedPolicy } from '../../core/policy';
import { readJsonFile, stringOption, type Command } from '../cliSupport';
import { rootPublicKeyFrom } from '../keyStore';

/** Verifies a signed policy against a root public key, as browsers and workers do. */
export const verify: Command = {
  name: 'verify',
  summary: 'verify a signed policy against the root public key',
  usage: 'verify --in policy.signed.json (--root root.pub | --root-key BASE64URL)',
  details: `Checks the cc-signed-policy/1 shape, the Ed25519 signature over canonicalJson(policy),
that the signature's key id names the given root key, and the policy schema. Exit code 0 when
valid, 1 otherwise (with the reason).`,
  options: { in: { type: 'string' }, root: { type: 'string' }, 'root-key': { type: 'string' } },
  required: ['in'],
  async run(values) {
    const input = stringOption(values, 'in');
    const rootKey = rootPublicKeyFrom(values.root as string | undefined, values['root-key'] as string | undefined);
    const policy = verifySignedPolicy(readJsonFile(input, 'signed policy'), rootKey);
    const keyed = policy.units.filter((u) => currentUnitKey(policy, u.id)).length;
    const standby = policy.units.filter((u) => standbyUnitKey(policy, u.id)).length;
    console.log(`OK: ${input} is signed by root key ${rootKeyId(rootKey)}`);
    console.log(`  ${policy.deploymentId} version ${policy.version}, valid ${policy.validFrom} → ${policy.validUntil}; ${keyed}/${policy.units.length} units with a current key, ${standby} with a standby key`);
  },
};
