import { generateBoxKeyPair } from '../../core/crypto';
import { CliError, stringOption, type Command } from '../cliSupport';
import { checkUnitId, listUnitKeys, makeUnitKeyFile, openUnitKey, unlockStore, writeUnitKeyFile } from '../keyStore';
import { readPassphrase } from '../passphrase';
import { addUnitKey, readPolicySource, writePolicySource } from '../policySource';

/** Adds the next generation of a unit key and retires the previous one (after a member leaves). */
export const unitRotate: Command = {
  name: 'unit-rotate',
  summary: 'create the next generation of a unit key and retire the previous one',
  usage: 'unit-rotate --dir DIR --unit UNIT_ID [--policy policy.source.json]',
  details: `Writes DIR/units/UNIT_ID/gen-<n+1>.key.json and marks the earlier key files retiredAt.
With --policy, appends the new generation to the unit's "keys" and sets retiredAt on the earlier
ones. New cases are sealed to the new key only; old cases stay readable with the old key, which
is kept (encrypted). Grant the new key to the remaining members with "grant".`,
  options: { dir: { type: 'string' }, unit: { type: 'string' }, policy: { type: 'string' } },
  required: ['dir', 'unit'],
  async run(values) {
    const dir = stringOption(values, 'dir');
    const unitId = checkUnitId(stringOption(values, 'unit'));
    const policy = typeof values.policy === 'string' ? readPolicySource(values.policy) : undefined;
    const existing = listUnitKeys(dir, unitId);
    if (!existing.length) throw new CliError(`${unitId} has no key in ${dir}: use unit-create`);
    const store = unlockStore(dir, await readPassphrase());
    openUnitKey(store, existing[existing.length - 1]); // proves the files belong to this directory
    const generation = existing[existing.length - 1].generation + 1;
    const pair = generateBoxKeyPair();
    const createdAt = new Date().toISOString();
    const file = makeUnitKeyFile(store, unitId, generation, pair.secretKey, pair.publicKey, createdAt);
    if (policy) addUnitKey(policy, unitId, { generation, publicKey: file.publicKey, createdAt });
    writeUnitKeyFile(dir, file);
    for (const old of existing) if (!old.retiredAt) writeUnitKeyFile(dir, { ...old, retiredAt: createdAt });
    if (policy) writePolicySource(policy);
    console.log(`${unitId} generation ${generation}: ${file.publicKey}; earlier generations retired${policy ? ` (updated ${policy.file})` : ''}`);
  },
};
