import { generateBoxKeyPair } from '../../core/crypto';
import { stringOption, type Command } from '../cliSupport';
import { listUnitKeys, makeUnitKeyFile, unlockStore, writeUnitKeyFile, type UnitKeyFile } from '../keyStore';
import { readPassphrase } from '../passphrase';
import { addUnitKey, readPolicySource, writePolicySource } from '../policySource';

/** Gives every unit of a policy source that has no key a generation-1 key, deriving the passphrase key once. */
export const unitCreateAll: Command = {
  name: 'unit-create-all',
  summary: 'create a key for every unit of a policy source that has none',
  usage: 'unit-create-all --dir DIR --policy policy.source.json',
  details: `For each unit in the policy source without keys: if DIR already holds a key for it, its
current generation is written into the policy; otherwise a new X25519 key pair is created
(gen-1, mode 0600) and added. The passphrase key is derived once for the whole run.`,
  options: { dir: { type: 'string' }, policy: { type: 'string' } },
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
      const held = listUnitKeys(dir, unit.id).filter((k) => !k.retiredAt);
      const current = held[held.length - 1];
      if (current) {
        addUnitKey(policy, unit.id, { generation: current.generation, publicKey: current.publicKey, createdAt: current.createdAt });
        reused += 1;
        continue;
      }
      const pair = generateBoxKeyPair();
      const file = makeUnitKeyFile(store, unit.id, 1, pair.secretKey, pair.publicKey, createdAt);
      addUnitKey(policy, unit.id, { generation: 1, publicKey: file.publicKey, createdAt });
      created.push(file);
    }
    for (const file of created) writeUnitKeyFile(dir, file);
    if (created.length || reused) writePolicySource(policy);
    const keyed = policy.source.units.filter((u) => u.keys?.length).length;
    console.log(`${created.length} unit keys created, ${reused} existing keys written to the policy; ${keyed}/${policy.source.units.length} units now have a key (${policy.file})`);
  },
};
