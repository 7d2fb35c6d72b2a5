/**
 * Editing a policy source's unit key lists (units[i].keys) without touching anything else.
 * The file is rewritten as two-space JSON; the policy module validates it at signing time.
 */
import fs from 'node:fs';
import { CliError, prettyJson, readJsonFile, writeFileAtomic } from './cliSupport';

export interface PolicyUnitKey {
  generation: number;
  publicKey: string;
  createdAt: string;
  retiredAt?: string;
  /** Signed in advance, granted to nobody yet: see keyStore.ts UnitKeyFile.standby. */
  standby?: true;
}

interface SourceUnit {
  id: string;
  keys?: PolicyUnitKey[];
  [other: string]: unknown;
}

export interface PolicySourceFile {
  file: string;
  source: { units: SourceUnit[]; [other: string]: unknown };
}

export function readPolicySource(file: string): PolicySourceFile {
  const source = readJsonFile(file, 'policy source') as PolicySourceFile['source'];
  if (typeof source !== 'object' || source === null || !Array.isArray(source.units)) throw new CliError(`${file} has no "units" array: is it a policy source?`);
  return { file, source };
}

export function policyUnit(policy: PolicySourceFile, unitId: string): SourceUnit {
  const unit = policy.source.units.find((u) => u?.id === unitId);
  if (!unit) throw new CliError(`unit ${unitId} is not listed in ${policy.file}`);
  unit.keys ??= [];
  return unit;
}

/**
 * Adds a generation, marking every earlier unretired generation retired at the same instant.
 * Refuses while the unit lists a standby: that one must become the active key (promoteStandby),
 * not be retired under a key nobody was told about.
 */
export function addUnitKey(policy: PolicySourceFile, unitId: string, key: PolicyUnitKey): void {
  const unit = policyUnit(policy, unitId);
  const keys = unit.keys!;
  if (keys.some((k) => k.generation === key.generation)) throw new CliError(`${policy.file} already lists generation ${key.generation} for ${unitId}`);
  const standby = keys.find((k) => k.standby);
  if (standby) throw new CliError(`${policy.file} lists generation ${standby.generation} of ${unitId} as standby, which the key directory does not hold as standby`);
  for (const k of keys) if (!k.retiredAt) k.retiredAt = key.createdAt;
  keys.push(key);
}

/**
 * Adds the next generation as the unit's standby. Earlier keys stay as they are: the standby is
 * only signed in advance, and new reports keep going to the active key until the server
 * switches the unit over.
 */
export function addStandbyKey(policy: PolicySourceFile, unitId: string, key: Omit<PolicyUnitKey, 'retiredAt' | 'standby'>): void {
  const keys = policyUnit(policy, unitId).keys!;
  const standby = keys.find((k) => k.standby);
  if (standby) throw new CliError(`${policy.file} already lists a standby key for ${unitId} (generation ${standby.generation})`);
  if (keys.some((k) => k.generation >= key.generation)) throw new CliError(`${policy.file} lists generation ${key.generation} or higher for ${unitId}: a standby must be the highest generation`);
  keys.push({ generation: key.generation, publicKey: key.publicKey, createdAt: key.createdAt, standby: true });
}

/**
 * Makes the standby generation the unit's active key: drops its `standby` flag and retires every
 * earlier unretired generation at `at`. A policy source that does not list it yet (key created
 * without --policy) gets it as an active key, the same result.
 */
export function promoteStandby(policy: PolicySourceFile, unitId: string, key: Omit<PolicyUnitKey, 'retiredAt' | 'standby'>, at: string): void {
  const keys = policyUnit(policy, unitId).keys!;
  const listed = keys.find((k) => k.generation === key.generation);
  const otherStandby = keys.find((k) => k.standby && k !== listed);
  if (otherStandby) throw new CliError(`${policy.file} lists generation ${otherStandby.generation} of ${unitId} as standby, not generation ${key.generation}`);
  if (listed && (listed.publicKey !== key.publicKey || !listed.standby)) {
    throw new CliError(`${policy.file} lists generation ${key.generation} of ${unitId} differently from the key directory (not as its standby key)`);
  }
  for (const k of keys) if (k.generation < key.generation && !k.retiredAt) k.retiredAt = at;
  if (listed) delete listed.standby;
  else keys.push({ generation: key.generation, publicKey: key.publicKey, createdAt: key.createdAt });
}

export function writePolicySource(policy: PolicySourceFile): void {
  const mode = fs.existsSync(policy.file) ? fs.statSync(policy.file).mode & 0o777 : 0o644;
  writeFileAtomic(policy.file, prettyJson(policy.source), mode);
}
