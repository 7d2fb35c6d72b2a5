import { CliError, stringOption, type Command } from '../cliSupport';
import { checkUnitId, listUnitKeys, newUnitKeyFile, unlockStore, writeUnitKeyFile } from '../keyStore';
import { readPassphrase } from '../passphrase';
import { addStandbyKey, addUnitKey, policyUnit, readPolicySource, writePolicySource } from '../policySource';

/** Creates generation 1 of a unit's X25519 key pair (and with --standby, generation 2 as standby). */
export const unitCreate: Command = {
  name: 'unit-create',
  summary: "create a unit's first X25519 key pair",
  usage: 'unit-create --dir DIR --unit UNIT_ID [--policy policy.source.json] [--standby]',
  details: `Writes DIR/units/UNIT_ID/gen-1.key.json (mode 0600, secret key encrypted under the
passphrase). With --policy, also adds { generation, publicKey, createdAt } to that unit's
"keys" in the policy source. With --standby, also creates generation 2 as the unit's standby
key ("standby": true in the key file and the policy; see unit-standby). Refuses a unit that
already has a key (use unit-rotate).`,
  options: { dir: { type: 'string' }, unit: { type: 'string' }, policy: { type: 'string' }, standby: { type: 'boolean' } },
  required: ['dir', 'unit'],
  async run(values) {
    const dir = stringOption(values, 'dir');
    const unitId = checkUnitId(stringOption(values, 'unit'));
    const policy = typeof values.policy === 'string' ? readPolicySource(values.policy) : undefined;
    if (listUnitKeys(dir, unitId).length) throw new CliError(`${unitId} already has a key in ${dir}: use unit-rotate`);
    if (policy && policyUnit(policy, unitId).keys!.length) throw new CliError(`${policy.file} already lists keys for ${unitId} that ${dir} does not hold`);
    const store = unlockStore(dir, await readPassphrase());
    const createdAt = new Date().toISOString();
    const file = newUnitKeyFile(store, unitId, 1, createdAt);
    const standby = values.standby ? newUnitKeyFile(store, unitId, 2, createdAt, { standby: true }) : undefined;
    if (policy) {
      addUnitKey(policy, unitId, { generation: 1, publicKey: file.publicKey, createdAt });
      if (standby) addStandbyKey(policy, unitId, { generation: 2, publicKey: standby.publicKey, createdAt });
    }
    writeUnitKeyFile(dir, file);
    if (standby) writeUnitKeyFile(dir, standby);
    if (policy) writePolicySource(policy);
    console.log(`${unitId} generation 1: ${file.publicKey}${policy ? ` (added to ${policy.file})` : ''}`);
    if (standby) console.log(`${unitId} generation 2 (standby): ${standby.publicKey}`);
  },
};
