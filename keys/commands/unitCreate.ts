import { generateBoxKeyPair } from '../../core/crypto';
import { CliError, stringOption, type Command } from '../cliSupport';
import { checkUnitId, listUnitKeys, makeUnitKeyFile, unlockStore, writeUnitKeyFile } from '../keyStore';
import { readPassphrase } from '../passphrase';
import { addUnitKey, policyUnit, readPolicySource, writePolicySource } from '../policySource';

/** Creates generation 1 of a unit's X25519 key pair. */
export const unitCreate: Command = {
  name: 'unit-create',
  summary: "create a unit's first X25519 key pair",
  usage: 'unit-create --dir DIR --unit UNIT_ID [--policy policy.source.json]',
  details: `Writes DIR/units/UNIT_ID/gen-1.key.json (mode 0600, secret key encrypted under the
passphrase). With --policy, also adds { generation, publicKey, createdAt } to that unit's
"keys" in the policy source. Refuses a unit that already has a key (use unit-rotate).`,
  options: { dir: { type: 'string' }, unit: { type: 'string' }, policy: { type: 'string' } },
  required: ['dir', 'unit'],
  async run(values) {
    const dir = stringOption(values, 'dir');
    const unitId = checkUnitId(stringOption(values, 'unit'));
    const policy = typeof values.policy === 'string' ? readPolicySource(values.policy) : undefined;
    if (listUnitKeys(dir, unitId).length) throw new CliError(`${unitId} already has a key in ${dir}: use unit-rotate`);
    if (policy && policyUnit(policy, unitId).keys!.length) throw new CliError(`${policy.file} already lists keys for ${unitId} that ${dir} does not hold`);
    const store = unlockStore(dir, await readPassphrase());
    const pair = generateBoxKeyPair();
    const createdAt = new Date().toISOString();
    const file = makeUnitKeyFile(store, unitId, 1, pair.secretKey, pair.publicKey, createdAt);
    if (policy) addUnitKey(policy, unitId, { generation: 1, publicKey: file.publicKey, createdAt });
    writeUnitKeyFile(dir, file);
    if (policy) writePolicySource(policy);
    console.log(`${unitId} generation 1: ${file.publicKey}${policy ? ` (added to ${policy.file})` : ''}`);
  },
};
