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

/** Adds a generation, marking every earlier unretired generation retired at the same instant. */
export function addUnitKey(policy: PolicySourceFile, unitId: string, key: PolicyUnitKey): void {
  const unit = policyUnit(policy, unitId);
  const keys = unit.keys!;
  if (keys.some((k) => k.generation === key.generation)) throw new CliError(`${policy.file} already lists generation ${key.generation} for ${unitId}`);
  for (const k of keys) if (!k.retiredAt) k.retiredAt = key.createdAt;
  keys.push(key);
}

export function writePolicySource(policy: PolicySourceFile): void {
  const mode = fs.existsSync(policy.file) ? fs.statSync(policy.file).mode & 0o777 : 0o644;
  writeFileAtomic(policy.file, prettyJson(policy.source), mode);
}
