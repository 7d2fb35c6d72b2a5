import { CliError, stringOption, type Command } from '../cliSupport';
import { activeKeyFile, listUnitKeys, newUnitKeyFile, standbyKeyFile, unlockStore, writeUnitKeyFile, type UnitKeyFile } from '../keyStore';
import { readPassphrase } from '../passphrase';
import { addStandbyKey, addUnitKey, readPolicySource, writePolicySource } from '../policySource';

/** Gives every unit of a policy source that has no key a generation-1 key, deriving the passphrase key once. */
export const unitCreateAll: Command = {
  name: 'unit-create-all',
  summary: 'create a key for every unit of a policy source that has none',
  usage: 'unit-create-all --dir DIR --policy policy.source.json [--standby]',
  details: `For each unit in the policy source without keys: if DIR already holds a key for it, its
active generation (and its standby key, if DIR holds one) is written into the policy; otherwise
a new X25519 key pair is created (gen-1, mode 0600) and added. With --standby, every unit given
a new gen-1 key also gets generation 2 as its standby key (units whose keys are reused get
none: run unit-standby for them). The passphrase key is derived once for the whole run.`,
  options: { dir: { type: 'string' }, policy: { type: 'string' }, standby: { type: 'boolean' } },
  required: ['dir', 'policy'],
  async run(values) {
    const dir = stringOption(values, 'dir');
    const policy = readPolicySource(stringOption(values, 'policy'));
    const store = unlockStore(dir, await readPassphrase());
    const createdAt = new Date().toISOString();
    const created: UnitKeyFile[] = [];
    let reused = 0;
    for (const unit of policy.source.units) {
      if (unit.keys?.length) continue;
      const held = listUnitKeys(dir, unit.id);
      const current = activeKeyFile(held);
      if (current) {
        addUnitKey(policy, unit.id, { generation: current.generation, publicKey: current.publicKey, createdAt: current.createdAt });
        const standby = standbyKeyFile(held);
        if (standby) addStandbyKey(policy, unit.id, { generation: standby.generation, publicKey: standby.publicKey, createdAt: standby.createdAt });
        reused += 1;
        continue;
      }
      // A fresh gen-1 would overwrite a key file that old cases may still need.
      if (held.length) throw new CliError(`${dir} holds keys for ${unit.id} but no active one: use unit-rotate`);
      const file = newUnitKeyFile(store, unit.id, 1, createdAt);
      addUnitKey(policy, unit.id, { generation: 1, publicKey: file.publicKey, createdAt });
      created.push(file);
      if (values.standby) {
        const standby = newUnitKeyFile(store, unit.id, 2, createdAt, { standby: true });
        addStandbyKey(policy, unit.id, { generation: 2, publicKey: standby.publicKey, createdAt });
        created.push(standby);
      }
    }
    for (const file of created) writeUnitKeyFile(dir, file);
    if (created.length || reused) writePolicySource(policy);
    const keyed = policy.source.units.filter((u) => u.keys?.some((k) => !k.retiredAt && !k.standby)).length;
    const standbys = created.filter((f) => f.standby).length;
    console.log(
      `${created.length - standbys} unit keys created${standbys ? ` (and ${standbys} standby keys)` : ''}, ${reused} existing keys written to the policy; ` +
        `${keyed}/${policy.source.units.length} units now have a key (${policy.file})`,
    );
  },
};
