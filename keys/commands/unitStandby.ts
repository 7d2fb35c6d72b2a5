import { CliError, stringOption, type Command } from '../cliSupport';
import { activeKeyFile, checkUnitId, listUnitKeys, newUnitKeyFile, openUnitKey, standbyKeyFile, unlockStore, type UnitKeyFile, writeUnitKeyFile } from '../keyStore';
import { readPassphrase } from '../passphrase';
import { addStandbyKey, policyUnit, readPolicySource, writePolicySource, type PolicySourceFile } from '../policySource';

/** A unit that gets a standby key: its active key file (to prove the directory) and the new generation. */
interface Plan {
  unitId: string;
  active: UnitKeyFile;
  generation: number;
}

/**
 * Creates the next generation of unit keys as standby keys: signed into the policy in advance,
 * held only by the custodian, so that the server can switch a unit's new reports to it the moment
 * a member holding the unit key is removed.
 */
export const unitStandby: Command = {
  name: 'unit-standby',
  summary: "create a unit's next key generation as a standby key (signed in advance, granted to nobody)",
  usage: 'unit-standby --dir DIR --policy policy.source.json [--unit UNIT_ID]',
  details: `For UNIT_ID, or without --unit for every unit of the policy source that has an active key
(neither retired nor standby) and no standby: writes DIR/units/UNIT_ID/gen-<n+1>.key.json (n =
highest generation; mode 0600, "standby": true) and adds { generation, publicKey, createdAt,
"standby": true } to the unit's "keys". Earlier keys stay active: nothing is sealed to a standby
key until the server switches the unit over after a member's removal. Then grant it to the
remaining members (grant --generation n+1) and promote it with unit-rotate. Refuses (exit 2) a
--unit that already has a standby key or has no active key. The passphrase key is derived once.`,
  options: { dir: { type: 'string' }, policy: { type: 'string' }, unit: { type: 'string' } },
  required: ['dir', 'policy'],
  async run(values) {
    const dir = stringOption(values, 'dir');
    const policy = readPolicySource(stringOption(values, 'policy'));
    const only = typeof values.unit === 'string' ? checkUnitId(values.unit) : undefined;
    const unitIds = only ? [policyUnit(policy, only).id] : policy.source.units.map((u) => u.id);
    const plans: Plan[] = [];
    for (const unitId of unitIds) {
      const plan = planStandby(dir, policy, unitId);
      if (typeof plan !== 'string') plans.push(plan);
      else if (only) throw new CliError(plan, 2);
    }
    if (!plans.length) {
      console.log(`no unit needs a standby key: each has one or has no active key (${policy.file} unchanged)`);
      return;
    }
    const store = unlockStore(dir, await readPassphrase());
    const createdAt = new Date().toISOString();
    const created = plans.map((plan) => {
      openUnitKey(store, plan.active); // proves the unit's files belong to this directory
      return newUnitKeyFile(store, plan.unitId, plan.generation, createdAt, { standby: true });
    });
    for (const file of created) addStandbyKey(policy, file.unitId, { generation: file.generation, publicKey: file.publicKey, createdAt });
    for (const file of created) writeUnitKeyFile(dir, file);
    writePolicySource(policy);
    if (only) console.log(`${only} generation ${created[0].generation} (standby): ${created[0].publicKey} (added to ${policy.file})`);
    else console.log(`${created.length} standby keys created; ${unitIds.length - created.length} units skipped (standby already, or no active key) (${policy.file})`);
  },
};

/** The unit's standby generation to create, or why it gets none. */
function planStandby(dir: string, policy: PolicySourceFile, unitId: string): Plan | string {
  const held = listUnitKeys(dir, unitId);
  const listed = policyUnit(policy, unitId).keys!;
  const standby = standbyKeyFile(held) ?? listed.find((k) => k.standby);
  if (standby) return `${unitId} already has a standby key (generation ${standby.generation}): grant it, or promote it with unit-rotate`;
  const active = activeKeyFile(held);
  if (!active) return `${unitId} has no active key in ${dir}: create one with unit-create (or unit-rotate)`;
  if (!listed.some((k) => !k.retiredAt && !k.standby)) return `${policy.file} lists no active key for ${unitId}: add it first (unit-create-all)`;
  // Above every generation either side knows of, so the new one never collides with a listed one.
  const highest = Math.max(...held.map((k) => k.generation), ...listed.map((k) => k.generation));
  return { unitId, active, generation: highest + 1 };
}
