import { CliError, stringOption, type Command } from '../cliSupport';
import { checkUnitId, listUnitKeys, newUnitKeyFile, openUnitKey, standbyKeyFile, unlockStore, writeUnitKeyFile, type UnitKeyFile } from '../keyStore';
import { readPassphrase } from '../passphrase';
import { addStandbyKey, addUnitKey, promoteStandby, readPolicySource, writePolicySource, type PolicySourceFile } from '../policySource';

/**
 * Moves a unit to its next key generation (after a member leaves) and retires the earlier ones:
 * the standby key if the unit has one (then a fresh standby replaces it), else a new key.
 */
export const unitRotate: Command = {
  name: 'unit-rotate',
  summary: 'make the next generation of a unit key active (its standby, if any) and retire the earlier ones',
  usage: 'unit-rotate --dir DIR --unit UNIT_ID [--policy policy.source.json] [--standby]',
  details: `If the unit has a standby key (generation n+1): promotes it (drops "standby" in its key
file and, with --policy, in the policy source), marks every earlier generation retiredAt, and
creates generation n+2 as the new standby, so the unit keeps one. Grant the standby generation
to the remaining members ("grant --generation n+1") before rotating: it becomes their key.
Without a standby key: writes DIR/units/UNIT_ID/gen-<n+1>.key.json as the new active key and
retires the earlier ones; --standby also creates gen-<n+2> as a standby. Grant the new key to the
remaining members with "grant". With --policy the source's "keys" change the same way; sign and
upload it. New cases are sealed to the new key only; old cases stay readable with the old key,
which is kept (encrypted).`,
  options: { dir: { type: 'string' }, unit: { type: 'string' }, policy: { type: 'string' }, standby: { type: 'boolean' } },
  required: ['dir', 'unit'],
  async run(values) {
    const dir = stringOption(values, 'dir');
    const unitId = checkUnitId(stringOption(values, 'unit'));
    const policy = typeof values.policy === 'string' ? readPolicySource(values.policy) : undefined;
    const existing = listUnitKeys(dir, unitId);
    if (!existing.length) throw new CliError(`${unitId} has no key in ${dir}: use unit-create`);
    const standby = standbyKeyFile(existing);
    const store = unlockStore(dir, await readPassphrase());
    const top = existing[existing.length - 1];
    openUnitKey(store, top); // proves the files belong to this directory
    const now = new Date().toISOString();
    const active = standby ? promoted(standby) : newUnitKeyFile(store, unitId, top.generation + 1, now);
    const next = standby || values.standby ? newUnitKeyFile(store, unitId, active.generation + 1, now, { standby: true }) : undefined;
    if (policy) updatePolicy(policy, unitId, active, Boolean(standby), next, now);
    // Order keeps the directory valid at every step: new active key, earlier ones retired, then the new standby.
    writeUnitKeyFile(dir, active);
    for (const old of existing) if (old.generation < active.generation && !old.retiredAt) writeUnitKeyFile(dir, { ...old, retiredAt: now });
    if (next) writeUnitKeyFile(dir, next);
    if (policy) writePolicySource(policy);
    const how = standby ? 'standby promoted' : 'new key';
    console.log(`${unitId} generation ${active.generation} (${how}): ${active.publicKey}; earlier generations retired${policy ? ` (updated ${policy.file})` : ''}`);
    if (next) console.log(`${unitId} generation ${next.generation} (standby): ${next.publicKey}`);
  },
};

/** The standby key file as the active one: the same key, without the flag. */
function promoted(standby: UnitKeyFile): UnitKeyFile {
  const file = { ...standby };
  delete file.standby;
  return file;
}

function updatePolicy(policy: PolicySourceFile, unitId: string, active: UnitKeyFile, wasStandby: boolean, next: UnitKeyFile | undefined, now: string): void {
  const entry = (f: UnitKeyFile) => ({ generation: f.generation, publicKey: f.publicKey, createdAt: f.createdAt });
  if (wasStandby) promoteStandby(policy, unitId, entry(active), now);
  else addUnitKey(policy, unitId, entry(active));
  if (next) addStandbyKey(policy, unitId, entry(next));
}
